/**
 * The batch manifest, `.face-deblur-manifest.jsonl` in the output folder: one JSON line per
 * completed photo (input key and sha256, settings hash, output path and size). Appended after the
 * output is renamed into place, so a line always means a complete output; lines are small single
 * O_APPEND writes (parallel shards share the file safely) and a torn last line from a kill -9
 * is ignored on reading.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const MANIFEST_NAME = '.face-deblur-manifest.jsonl';

export interface ManifestEntry {
  key: string;
  inputSha256: string;
  settings: string;
  /** Output path relative to the output folder, or null when nothing was written (no faces). */
  output: string | null;
  outputBytes: number | null;
  status: 'done' | 'no-faces';
  at: string;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stable hash of the settings that change an output (key order does not matter). */
export function settingsHash(settings: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)));
  return sha256(JSON.stringify(sorted)).slice(0, 16);
}

export class Manifest {
  private constructor(
    readonly file: string,
    private readonly entries: Map<string, ManifestEntry[]>,
  ) {}

  static async open(outDir: string): Promise<Manifest> {
    const file = path.join(outDir, MANIFEST_NAME);
    const entries = new Map<string, ManifestEntry[]>();
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as ManifestEntry;
        if (typeof entry.key === 'string')
          entries.set(entry.key, [...(entries.get(entry.key) ?? []), entry]);
      } catch {
        // A torn line from an interrupted append: that photo simply runs again.
      }
    }
    return new Manifest(file, entries);
  }

  /** The entry proving `key` is complete for these input bytes and settings, if any. */
  async completed(
    outDir: string,
    key: string,
    inputSha256: string,
    settings: string,
  ): Promise<ManifestEntry | null> {
    for (const entry of [...(this.entries.get(key) ?? [])].reverse()) {
      if (entry.inputSha256 !== inputSha256 || entry.settings !== settings) continue;
      if (entry.output === null) return entry;
      const size = await fs.stat(path.join(outDir, entry.output)).then(
        (s) => s.size,
        () => -1,
      );
      if (size === entry.outputBytes) return entry;
    }
    return null;
  }

  async append(entry: ManifestEntry): Promise<void> {
    const handle = await fs.open(this.file, 'a');
    try {
      await handle.write(JSON.stringify(entry) + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.entries.set(entry.key, [...(this.entries.get(entry.key) ?? []), entry]);
  }
}
