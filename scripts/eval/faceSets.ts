/**
 * The faces the benchmark scores, as sharp aligned 240x200 RGB crops in [0, 1]: by default the
 * held-out split (models/splits/), read from cache/data/faces-test-*.npy when `npm run
 * data:prepare` wrote them, otherwise aligned from ../shared/data/faces on the fly with the
 * same face module; or any folder of face photos (`--faces DIR`).
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, sharedDataDir } from '../../electron/core/paths.js';
import { createFaceAligner, CROP_HEIGHT, CROP_WIDTH } from '../data/alignFaces.js';
import { readNpy } from '../data/npy.js';
import { FACE_SETS, readHeldOut, type Split } from '../data/splits.js';

export interface FaceSet {
  name: string;
  /** Interleaved RGB, CROP_HEIGHT x CROP_WIDTH x 3, [0, 1]. */
  faces: Float32Array[];
  /** Images in which the face module found no usable face. */
  rejected: number;
}

const CROP_VALUES = CROP_WIDTH * CROP_HEIGHT * 3;
const IMAGE_FILE = /\.(jpe?g|png|webp|tiff?|avif)$/i;

const toUnit = (crop: Uint8Array) => Float32Array.from(crop, (v) => v / 255);

/** Aligns image files one by one, keeping the first `limit` faces found. */
async function alignFiles(name: string, files: readonly string[], limit: number): Promise<FaceSet> {
  const aligner = await createFaceAligner();
  const faces: Float32Array[] = [];
  let rejected = 0;
  try {
    for (const file of files) {
      if (faces.length >= limit) break;
      const result = await aligner.alignFile(file);
      if ('reason' in result) rejected += 1;
      else faces.push(toUnit(result.crop));
    }
  } finally {
    await aligner.close();
  }
  return { name, faces, rejected };
}

export async function loadHeldOutFaces(limit = Infinity): Promise<FaceSet[]> {
  const heldOut = await readHeldOut();
  const sets: FaceSet[] = [];
  for (const [folder, split] of Object.entries(FACE_SETS) as [string, Exclude<Split, 'train'>][]) {
    const cached = path.join(cacheDir, 'data', `faces-${split}.npy`);
    if (existsSync(cached)) {
      const array = await readNpy(cached);
      const rows = Math.min(limit, array.shape[0] ?? 0);
      const faces = Array.from({ length: rows }, (_, i) =>
        toUnit(array.data.subarray(i * CROP_VALUES, (i + 1) * CROP_VALUES) as Uint8Array),
      );
      // Faces of the list missing from the prepared split were rejected by the detector.
      sets.push({
        name: split,
        faces,
        rejected: Number.isFinite(limit) ? 0 : heldOut[split].size - (array.shape[0] ?? 0),
      });
    } else {
      const files = [...heldOut[split]]
        .sort()
        .map((f) => path.join(sharedDataDir(), 'faces', folder, f));
      sets.push(await alignFiles(split, files, limit));
    }
  }
  return sets;
}

export async function loadFaceFolder(dir: string, limit = Infinity): Promise<FaceSet> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new Error(`faces folder ${dir} does not exist (pass --faces DIR with face photos)`);
  const files = (await readdir(dir)).filter((f) => IMAGE_FILE.test(f)).sort();
  if (files.length === 0)
    throw new Error(`faces folder ${dir} holds no images (.jpg, .png, .webp, .tif, .avif)`);
  const set = await alignFiles(
    path.basename(dir),
    files.map((f) => path.join(dir, f)),
    limit,
  );
  if (set.faces.length === 0)
    throw new Error(`faces folder ${dir}: the face module found no face in ${files.length} images`);
  return set;
}
