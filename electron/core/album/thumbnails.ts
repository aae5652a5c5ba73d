/**
 * Browser-displayable renditions of album photos, made with sharp and cached on disk:
 * 'thumb' (fits 320 px, for the grid), 'preview' (fits 2048 px, for viewing at fit) and 'full'
 * (every pixel of the original, for 100% and beyond: the photo view loads it only when zoomed
 * past the preview's scale, as Lightroom does with its 1:1 previews). All honour
 * EXIF orientation and are converted to sRGB 8-bit JPEG, so CMYK, 16-bit, TIFF or wide-gamut
 * originals display correctly in any browser. The cache key includes the file's size and
 * modification time: an edited photo gets a fresh rendition. Writes are atomic (temp + rename)
 * so a crash never leaves a truncated JPEG, and concurrent requests for one rendition share
 * one sharp job.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import sharp from 'sharp';

export const RENDITIONS = {
  thumb: { size: 320, quality: 80 },
  preview: { size: 2048, quality: 88 },
  // No size: never resized. One JPEG rather than tiles: sharp writes a 14 MP one in about 2 s
  // here, the browser decodes it off its main thread, and a browser-ready original is served
  // as it is (displayReady).
  full: { size: null, quality: 92 },
} as const;
export type Rendition = keyof typeof RENDITIONS;

export function isRendition(name: string): name is Rendition {
  return Object.hasOwn(RENDITIONS, name);
}

export class RenditionCache {
  readonly dir: string;
  readonly #queue: PQueue;
  readonly #inFlight = new Map<string, Promise<string>>();

  /** `dir`: where renditions are kept; `concurrency`: sharp jobs at once (each uses libvips threads). */
  constructor(dir: string, concurrency = 2) {
    this.dir = dir;
    this.#queue = new PQueue({ concurrency });
  }

  /**
   * Path of the JPEG to serve for `file` (an already allow-listed real path): the cached
   * rendition, made if missing, or for 'full' the original itself when it already is what the
   * rendition would be (see `displayReady`).
   */
  async get(file: string, rendition: Rendition): Promise<string> {
    if (rendition === 'full' && (await displayReady(file))) return file;
    const stat = await fs.stat(file);
    const key = createHash('sha256')
      .update(`${rendition}\0${file}\0${stat.size}\0${stat.mtimeMs}`)
      .digest('hex');
    const target = path.join(this.dir, key.slice(0, 2), `${key}.jpg`);
    const running = this.#inFlight.get(target);
    if (running) return running;
    const job = this.#ensure(file, rendition, target).finally(() => this.#inFlight.delete(target));
    this.#inFlight.set(target, job);
    return job;
  }

  async #ensure(file: string, rendition: Rendition, target: string): Promise<string> {
    if (await exists(target)) return target;
    const { size, quality } = RENDITIONS[rendition];
    const jpeg = await this.#queue.add(() => {
      const image = sharp(file, { failOn: 'none', limitInputPixels: 20_000 * 20_000 }).rotate();
      if (size !== null) image.resize(size, size, { fit: 'inside', withoutEnlargement: true });
      return image.toColourspace('srgb').jpeg({ quality, mozjpeg: false }).toBuffer();
    });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temp, jpeg);
    await fs.rename(temp, target);
    return target;
  }
}

/**
 * An 8-bit sRGB JPEG without an orientation to apply or an ICC profile to convert from: its
 * full rendition would hold the same pixels, only recompressed. Served as it is, a photographer
 * at 100% sees the camera's own JPEG (no second round of compression artefacts) and no
 * encoding is waited for: about 2 s for 14 MP here (measured in electron/core/album/README.md).
 */
async function displayReady(file: string): Promise<boolean> {
  const meta = await sharp(file).metadata();
  return (
    meta.format === 'jpeg' &&
    meta.space === 'srgb' &&
    meta.depth === 'uchar' &&
    (meta.orientation ?? 1) === 1 &&
    meta.icc === undefined
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
