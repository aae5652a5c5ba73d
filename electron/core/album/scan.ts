/**
 * Lists the images of a folder and its sub-folders. Symbolic links are skipped (a link could
 * lead out of the folder the user chose, or into a cycle); hidden entries (".name") too.
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isImageFile } from './imageFiles.js';

export interface ScannedPhoto {
  path: string;
  relativePath: string;
  bytes: number;
  modifiedMs: number;
}

export interface ScanResult {
  photos: ScannedPhoto[];
  skipped: { path: string; reason: string }[];
}

export interface ScanOptions {
  /** Sub-folder levels below the root that are still scanned (0: the folder itself only). */
  maxDepth?: number;
  /** Called every `progressEvery` photos found, and once at the end with done = true. */
  onProgress?: (found: number, done: boolean) => void;
  progressEvery?: number;
}

/** Scans `root` (an absolute, real folder path); photos come back sorted by relative path. */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const { maxDepth = 16, onProgress, progressEvery = 200 } = options;
  const result: ScanResult = { photos: [], skipped: [] };

  async function visit(dir: string, depth: number): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      result.skipped.push({ path: dir, reason: `cannot read folder (${errorCode(err)})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth) await visit(full, depth + 1);
        // Not descending by choice (maxDepth 0, "not recursive") is no skip worth reporting.
        else if (maxDepth > 0) {
          result.skipped.push({ path: full, reason: `deeper than ${maxDepth} folder levels` });
        }
      } else if (entry.isFile() && isImageFile(entry.name)) {
        const stat = await fs.stat(full).catch(() => null);
        if (!stat) continue; // removed while scanning
        result.photos.push({
          path: full,
          relativePath: path.relative(root, full).split(path.sep).join('/'),
          bytes: stat.size,
          modifiedMs: stat.mtimeMs,
        });
        if (result.photos.length % progressEvery === 0) onProgress?.(result.photos.length, false);
      }
    }
  }

  await visit(root, 0);
  result.photos.sort((a, b) => a.relativePath.localeCompare(b.relativePath, 'en'));
  onProgress?.(result.photos.length, true);
  return result;
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err ? String(err.code) : String(err);
}
