/**
 * The batch's input list: files and folders from the command line (or the app), expanded to
 * photo files, each with the relative path its output mirrors. Sorted, so every process of a
 * sharded run sees the same list.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PARTIAL_SUFFIX } from '../image/atomicWrite.js';

export const PHOTO_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.png',
  '.webp',
  '.tif',
  '.tiff',
  '.gif',
  '.avif',
  '.heic',
  '.heif', // prettier-ignore
]);

export interface InputPhoto {
  /** Absolute path. */
  file: string;
  /** Where its output goes below the output folder (mirrors the input tree, '/' separated). */
  key: string;
}

export interface CollectedInputs {
  photos: InputPhoto[];
  /** Arguments that are neither a file nor a folder, with the reason. */
  missing: { path: string; reason: string }[];
}

async function walk(dir: string, recursive: boolean, skip: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === skip) continue;
    if (entry.isDirectory()) {
      if (recursive && !entry.name.startsWith('.')) found.push(...(await walk(full, true, skip)));
    } else if (
      // Symlinked photos count too (a broken one then fails as that photo's own error).
      (entry.isFile() || entry.isSymbolicLink()) &&
      !entry.name.endsWith(PARTIAL_SUFFIX) &&
      PHOTO_EXTENSIONS.has(path.extname(entry.name).toLowerCase())
    ) {
      found.push(full);
    }
  }
  return found;
}

const toKey = (relative: string) => relative.split(path.sep).join('/');

/**
 * Expands `args`: a file is taken as given (whatever its extension: a wrong one fails later, per
 * file); a folder contributes its photo files (recursively with `recursive`), never the output
 * folder `outDir`. With one folder its contents map to the output root; with several, each
 * folder's outputs go below its own name.
 */
export async function collectInputs(
  args: readonly string[],
  { recursive = false, outDir }: { recursive?: boolean; outDir: string },
): Promise<CollectedInputs> {
  const photos: InputPhoto[] = [];
  const missing: CollectedInputs['missing'] = [];
  const folders = (
    await Promise.all(
      args.map((a) =>
        fs.stat(a).then(
          (s) => s.isDirectory(),
          () => false,
        ),
      ),
    )
  ).filter(Boolean).length;
  const skip = path.resolve(outDir);
  for (const arg of args) {
    const abs = path.resolve(arg);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (err) {
      missing.push({ path: arg, reason: `not found (${(err as NodeJS.ErrnoException).code})` });
      continue;
    }
    if (stat.isDirectory()) {
      const prefix = folders > 1 ? path.basename(abs) : '';
      for (const file of await walk(abs, recursive, skip)) {
        photos.push({ file, key: toKey(path.join(prefix, path.relative(abs, file))) });
      }
    } else {
      photos.push({ file: abs, key: path.basename(abs) });
    }
  }
  photos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.file < b.file ? -1 : 1));
  return { photos, missing };
}
