/**
 * Per-photo facts for the grid (face count, blur score, restored or not), for sorting,
 * filtering and badges. Face count and blur score need a decode and a detection (about a second
 * per photo here), so they are computed lazily, one photo at a time, for the photos the grid
 * asks about, and cached on disk (`facts.json` in the cache folder) by path, size and mtime: an
 * edited photo is analysed again. A photo that cannot be analysed (corrupt, too large) is cached
 * with its error, so the grid does not retry it on every scroll. "Restored" is checked live
 * (an output can appear or be deleted at any time; a stat is cheap).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import type { PhotoFacts } from '../../ipc/channels/photoFacts.js';
import type { DetectedFace } from '../faces/index.js';
import { writeFileAtomic } from '../image/atomicWrite.js';
import { existingOutput } from './outputs.js';
import type { PhotoSession } from './photoSession.js';
import type { SettingsStore } from './settings.js';

interface Stored {
  size: number;
  mtimeMs: number;
  faceCount: number;
  sharpness: number | null;
  error?: string;
}

const VERSION = 1;

/** The blur score of the blurriest face that can be restored: what the grid sorts by. */
export function photoSharpness(faces: readonly DetectedFace[]): number | null {
  const restorable = faces.filter((f) => f.tooSmall === null).map((f) => f.quality);
  return restorable.length ? Math.min(...restorable) : null;
}

export class FactsService {
  readonly file: string;
  readonly #photos: PhotoSession;
  readonly #settings: SettingsStore;
  /** One analysis at a time: the grid's requests must not starve the photo being edited. */
  readonly #queue = new PQueue({ concurrency: 1 });
  readonly #inFlight = new Map<string, Promise<Stored>>();
  #calls = 0;
  #entries: Promise<Map<string, Stored>> | null = null;
  #saving: Promise<void> = Promise.resolve();

  constructor(photos: PhotoSession, settings: SettingsStore, cacheDir: string) {
    this.#photos = photos;
    this.#settings = settings;
    this.file = path.join(cacheDir, 'facts.json');
  }

  async facts(paths: readonly string[]): Promise<(PhotoFacts & { error?: string })[]> {
    // The latest call is what the grid shows now: its photos jump ahead of older calls' ones.
    const priority = ++this.#calls;
    const entries = await this.#load();
    const settings = await this.#settings.get();
    let changed = false;
    // All of a call's photos are queued at once (the queue still analyses one at a time).
    const out = await Promise.all(
      paths.map(async (requested): Promise<PhotoFacts & { error?: string }> => {
        let resolved: { file: string; albumRoot: string };
        let stat: { size: number; mtimeMs: number };
        try {
          resolved = await this.#photos.resolve(requested);
          stat = await fs.stat(resolved.file);
        } catch (err) {
          return failed(requested, (err as Error).message);
        }
        const { file, albumRoot } = resolved;
        let stored = entries.get(file);
        if (!stored || stored.size !== stat.size || stored.mtimeMs !== stat.mtimeMs) {
          stored = await this.#analysed(file, requested, stat, priority);
          entries.set(file, stored);
          changed = true;
        }
        return {
          path: requested,
          faceCount: stored.faceCount,
          sharpness: stored.sharpness,
          restored: (await existingOutput(albumRoot, file, settings)) !== null,
          ...(stored.error ? { error: stored.error } : {}),
        };
      }),
    );
    if (changed) await this.#save(entries);
    return out;
  }

  /** Records what photoOpen found, so the grid knows it without a second analysis. */
  async record(file: string, faces: readonly DetectedFace[]): Promise<void> {
    const entries = await this.#load();
    const stat = await fs.stat(file);
    entries.set(file, {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      faceCount: faces.length,
      sharpness: photoSharpness(faces),
    });
    await this.#save(entries);
  }

  /** One analysis per file at a time, shared by overlapping calls (the grid re-asks on scroll). */
  #analysed(
    file: string,
    requested: string,
    stat: { size: number; mtimeMs: number },
    priority: number,
  ) {
    const key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
    let job = this.#inFlight.get(key);
    if (!job) {
      job = this.#queue
        .add(() => this.#analyse(requested, stat), { priority })
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, job);
    }
    return job;
  }

  async #analyse(requested: string, stat: { size: number; mtimeMs: number }): Promise<Stored> {
    const base = { size: stat.size, mtimeMs: stat.mtimeMs };
    try {
      const { faces } = await this.#photos.open(requested, { keep: false });
      return { ...base, faceCount: faces.length, sharpness: photoSharpness(faces) };
    } catch (err) {
      return { ...base, faceCount: 0, sharpness: null, error: (err as Error).message };
    }
  }

  #load(): Promise<Map<string, Stored>> {
    this.#entries ??= fs.readFile(this.file, 'utf8').then(
      (text) => {
        try {
          const parsed = JSON.parse(text) as { version?: number; entries?: Record<string, Stored> };
          return new Map(parsed.version === VERSION ? Object.entries(parsed.entries ?? {}) : []);
        } catch {
          return new Map<string, Stored>(); // a damaged cache is rebuilt, photo by photo
        }
      },
      () => new Map<string, Stored>(),
    );
    return this.#entries;
  }

  /**
   * Writes the whole cache atomically; saves are chained so they never interleave. A failed
   * save (disk full) only costs a re-analysis in a later session: it is logged, not thrown.
   */
  #save(entries: Map<string, Stored>): Promise<void> {
    this.#saving = this.#saving.then(async () => {
      try {
        await fs.mkdir(path.dirname(this.file), { recursive: true });
        const json = JSON.stringify({ version: VERSION, entries: Object.fromEntries(entries) });
        await writeFileAtomic(this.file, Buffer.from(json));
      } catch (err) {
        console.warn(`facts: cannot save ${this.file}: ${(err as Error).message}`);
      }
    });
    return this.#saving;
  }
}

function failed(requested: string, error: string): PhotoFacts & { error: string } {
  return { path: requested, faceCount: 0, sharpness: null, restored: false, error };
}
