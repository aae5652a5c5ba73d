/**
 * Where the app writes a photo's restored copy: the CLI's rules, applied to album photos.
 * The output folder is settings.outputFolder, else a `restored/` folder beside the album (what
 * `face-deblur <album>` writes to), and the album's tree is mirrored below it (the key is the
 * photo's path relative to the album folder). The format rules are jobs/photoJob.ts's outputKey.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../album/openedFolders.js';
import type { PhotoFormat } from '../image/decode.js';
import { outputFormat, type OutputFormat } from '../image/encode.js';
import { outputKey } from '../jobs/photoJob.js';

/** The innermost opened folder holding `file` (both real paths): the album the photo is in. */
export function albumRootOf(folders: readonly string[], file: string): string {
  const roots = folders.filter((root) => isInside(root, file));
  const root = roots.sort((a, b) => b.length - a.length)[0];
  if (!root) throw new Error(`${file} is in no opened folder`); // resolve() checked it before
  return root;
}

/** The CLI's default for an album: `restored/` beside the album folder. */
export function defaultOutputDir(albumRoot: string): string {
  return path.join(path.dirname(albumRoot), 'restored');
}

export function outputDir(albumRoot: string, outputFolder: string | null): string {
  return outputFolder ? path.resolve(outputFolder) : defaultOutputDir(albumRoot);
}

/** The photo's key: its path below the album folder, '/' separated (as collectInputs makes). */
export function photoKey(albumRoot: string, file: string): string {
  return path.relative(albumRoot, file).split(path.sep).join('/');
}

const BY_EXTENSION: Record<string, PhotoFormat> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.gif': 'gif',
  '.avif': 'heif',
  '.heic': 'heif',
  '.heif': 'heif',
};

/**
 * The output file of `file` in `outDir`. `source` is the decoded format; without it (grid facts,
 * nothing decoded) the extension says it, which is what the file holds in every normal album.
 */
export function outputPathOf(
  outDir: string,
  albumRoot: string,
  file: string,
  format: OutputFormat,
  source?: PhotoFormat,
): string {
  const ext = path.extname(file).toLowerCase();
  const target = outputFormat(source ?? BY_EXTENSION[ext] ?? 'jpeg', format);
  return path.join(outDir, outputKey(photoKey(albumRoot, file), ext, target));
}

/**
 * A restored copy of `file` in the current output folder or the album's default one (written by
 * the app or the CLI), or null.
 */
export async function existingOutput(
  albumRoot: string,
  file: string,
  settings: { outputFolder: string | null; format: OutputFormat },
  source?: PhotoFormat,
): Promise<string | null> {
  const dirs = [
    ...new Set([outputDir(albumRoot, settings.outputFolder), defaultOutputDir(albumRoot)]),
  ];
  const formats = [...new Set<OutputFormat>([settings.format, 'same'])];
  for (const dir of dirs) {
    for (const format of formats) {
      const candidate = outputPathOf(dir, albumRoot, file, format, source);
      if (candidate === file) continue;
      const isFile = await fs.stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      );
      if (isFile) return candidate;
    }
  }
  return null;
}
