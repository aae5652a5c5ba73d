/**
 * The fixed held-out split of ../shared/data/faces (lists committed in models/splits/, drawn by
 * models/training/data/make_splits.py): 300 CelebA and 300 LFW images that training never
 * sees. Every other face is training data.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../../electron/core/paths.js';

export const SPLITS = ['train', 'test-celeba', 'test-lfw'] as const;
export type Split = (typeof SPLITS)[number];

/** Face folders under ../shared/data/faces and the held-out list of each. */
export const FACE_SETS = {
  'celeba-aligned-nikhil4902': 'test-celeba',
  'lfw-deepfunneled': 'test-lfw',
} as const satisfies Record<string, Exclude<Split, 'train'>>;
export type FaceSet = keyof typeof FACE_SETS;

export const splitsDir: string = path.join(repoRoot, 'models', 'splits');

/** Held-out file names per test split. */
export type HeldOut = Record<Exclude<Split, 'train'>, ReadonlySet<string>>;

async function readList(file: string): Promise<Set<string>> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.length > 0);
  const names = new Set(lines);
  if (names.size !== lines.length) throw new Error(`${file}: a file name is listed twice`);
  return names;
}

export async function readHeldOut(dir: string = splitsDir): Promise<HeldOut> {
  return {
    'test-celeba': await readList(path.join(dir, 'test-celeba.txt')),
    'test-lfw': await readList(path.join(dir, 'test-lfw.txt')),
  };
}

/** The split of one face, given as `<face set>/<file name>` (the index-<split>.json form). */
export function splitOf(source: string, heldOut: HeldOut): Split {
  const [set, name, ...rest] = source.split('/');
  if (!set || !name || rest.length > 0 || !(set in FACE_SETS)) {
    throw new Error(`face source "${source}" is not <${Object.keys(FACE_SETS).join('|')}>/<file>`);
  }
  const testSplit = FACE_SETS[set as FaceSet];
  return heldOut[testSplit].has(name) ? testSplit : 'train';
}

/** Every face image under `facesDir` as sorted `<face set>/<file name>` sources. */
export async function listFaceSources(facesDir: string): Promise<string[]> {
  const sources: string[] = [];
  for (const set of Object.keys(FACE_SETS)) {
    const names = await readdir(path.join(facesDir, set)).catch(() => {
      throw new Error(`face set folder ${path.join(facesDir, set)} does not exist`);
    });
    for (const name of names.filter((n) => /\.(jpe?g|png)$/i.test(n)).sort()) {
      sources.push(`${set}/${name}`);
    }
  }
  return sources;
}
