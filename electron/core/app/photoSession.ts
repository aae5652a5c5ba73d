/**
 * The photos the user is looking at: each decoded once (full fidelity, orientation applied)
 * with its faces detected once (MediaPipe in its worker thread), then reused by the face panel,
 * the compare preview and the export without decoding or detecting again. A small LRU keeps
 * the last few photos (at most 3, and at most MAX_CACHED_PIXELS); an entry is dropped when the
 * file's size or modification time changes. Concurrent opens of one photo share one decode.
 *
 * Every path goes through OpenedFolders.resolve first, the same check as the media route: only
 * images inside folders opened in this session are ever read.
 */
import fs from 'node:fs/promises';
import type { OpenedFolders } from '../album/openedFolders.js';
import {
  detectFaces,
  detectToneMode,
  MIN_IMAGE_SIDE,
  type DetectedFace,
  type ToneMode,
} from '../faces/index.js';
import { decodePhoto, DEFAULT_MAX_PIXELS, type DecodedPhoto } from '../image/decode.js';
import { PhotoError } from '../image/errors.js';
import { toAppError } from './errors.js';
import { albumRootOf } from './outputs.js';

export interface OpenedPhoto {
  /** Real path, inside an opened folder. */
  file: string;
  /** The opened folder the photo belongs to (outputs mirror the tree below it). */
  albumRoot: string;
  decoded: DecodedPhoto;
  faces: DetectedFace[];
  tone: ToneMode;
  /** Decode + detection time of the first open. */
  ms: number;
}

interface Entry {
  size: number;
  mtimeMs: number;
  /** Known once decoded (0 before). */
  pixels: number;
  photo: Promise<OpenedPhoto>;
}

/**
 * Pixels kept decoded at most: 8-bit RGBA plus the file's bytes is ~5 bytes a pixel, 16-bit
 * sources ~13, so about 250-650 MB; one photo above it is still kept (it is being edited).
 */
const MAX_CACHED_PIXELS = 50_000_000;

export class PhotoSession {
  readonly #folders: OpenedFolders;
  readonly #capacity: number;
  readonly #maxPixels: number;
  readonly #maxCachedPixels = MAX_CACHED_PIXELS;
  readonly #entries = new Map<string, Entry>();

  constructor(
    folders: OpenedFolders,
    {
      capacity = 3,
      maxPixels = DEFAULT_MAX_PIXELS,
    }: { capacity?: number; maxPixels?: number } = {},
  ) {
    this.#folders = folders;
    this.#capacity = capacity;
    this.#maxPixels = maxPixels;
  }

  /** The real path and album of a requested photo path, or the AlbumError saying why not. */
  async resolve(requested: string): Promise<{ file: string; albumRoot: string }> {
    const file = await this.#folders.resolve(requested);
    return { file, albumRoot: albumRootOf(this.#folders.folders, file) };
  }

  /**
   * The decoded photo with its faces (cached); errors are PhotoError/AlbumError with a code.
   * `keep: false` (grid analysis of many photos) uses a cached entry but adds none, so
   * analysing the album does not push out the photo the user is working on.
   */
  async open(requested: string, { keep = true }: { keep?: boolean } = {}): Promise<OpenedPhoto> {
    const { file, albumRoot } = await this.resolve(requested);
    const stat = await fs.stat(file);
    const cached = this.#entries.get(file);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) {
      this.#entries.delete(file); // re-insert: most recently used last
      this.#entries.set(file, cached);
      return cached.photo;
    }
    if (!keep) return this.#load(file, albumRoot);
    const photo = this.#load(file, albumRoot);
    const entry: Entry = { size: stat.size, mtimeMs: stat.mtimeMs, pixels: 0, photo };
    this.#entries.set(file, entry);
    photo.then(
      (p) => {
        entry.pixels = p.decoded.width * p.decoded.height;
        this.#evict();
      },
      () => {
        // A failure is not cached: a fixed file opens next time.
        if (this.#entries.get(file) === entry) this.#entries.delete(file);
      },
    );
    this.#evict();
    return photo;
  }

  /** Drops the least recently used photos beyond the count or pixel budget (never the newest). */
  #evict(): void {
    const total = () => [...this.#entries.values()].reduce((sum, e) => sum + e.pixels, 0);
    while (
      this.#entries.size > 1 &&
      (this.#entries.size > this.#capacity || total() > this.#maxCachedPixels)
    ) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  async #load(file: string, albumRoot: string): Promise<OpenedPhoto> {
    const started = performance.now();
    const decoded = await decodePhoto(file, { maxPixels: this.#maxPixels }).catch(
      (err: unknown) => {
        throw toAppError(err);
      },
    );
    if (Math.min(decoded.width, decoded.height) < MIN_IMAGE_SIDE) {
      throw new PhotoError(
        'too-small',
        file,
        `${decoded.width}x${decoded.height} pixels is too small to hold a face (at least ${MIN_IMAGE_SIDE}x${MIN_IMAGE_SIDE}).`,
      );
    }
    const faces = await detectFaces(decoded.rgba8);
    return {
      file,
      albumRoot,
      decoded,
      faces,
      tone: detectToneMode(decoded.rgba8),
      ms: performance.now() - started,
    };
  }
}
