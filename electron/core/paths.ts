/**
 * Where the project's own files and the team's shared data live, resolved once.
 * core code must not guess paths relative to the working directory: the CLI, the app, the
 * e2e bridge and the tests all start from different directories.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or unpacked app) root: the folder holding package.json. */
export const repoRoot: string = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

/** The team's read-only shared folder (data sets, notes); FACE_DEBLUR_SHARED overrides. */
export function sharedDir(): string {
  return path.resolve(process.env.FACE_DEBLUR_SHARED ?? path.join(repoRoot, '..', 'shared'));
}

/** ../shared/data, where faces, photos, sketch pairs and MediaPipe models live. */
export function sharedDataDir(): string {
  return path.join(sharedDir(), 'data');
}

/** Git-ignored cache for prepared training/benchmark data and thumbnails in development. */
export const cacheDir: string = path.join(repoRoot, 'cache');

/** The version in package.json: recorded in provenance and in the batch manifest's settings. */
export function appVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
