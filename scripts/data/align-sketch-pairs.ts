/**
 * Aligns FS2K's photo/sketch pairs (the clean line styles, p1 and p3) to the canonical 240x200
 * crop for the sketch translator: the face module detects the face on the photo, and the SAME
 * transform cuts the pixel-aligned sketch, so photo and sketch stay registered. Writes
 * cache/data/sketch-pairs-<train|test>-{photos,sketches}.npy (uint8) and -index.json.
 *
 *   npx tsx scripts/data/align-sketch-pairs.ts
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { alignFace } from '../../electron/core/faces/index.js';
import { loadRgba } from '../../electron/core/image/rgba.js';
import { cacheDir, sharedDataDir } from '../../electron/core/paths.js';
import { createFaceAligner, CROP_HEIGHT, CROP_WIDTH } from './alignFaces.js';
import { writeNpy } from './npy.js';

/** FS2K photo sets whose artists draw clean structural strokes (models/training/data/README.md). */
const STYLES = ['p1', 'p3'];
const root = path.join(sharedDataDir(), 'sketch-pairs', 'fs2k');
const out = path.join(cacheDir, 'data');

const names = (await readdir(path.join(root, 'photos')))
  .filter((f) => f.endsWith('.jpg') && STYLES.includes(f.split('_')[1] ?? ''))
  .map((f) => f.slice(0, -4))
  .sort();
const aligner = await createFaceAligner();
const pixels = CROP_WIDTH * CROP_HEIGHT;
try {
  for (const split of ['train', 'test']) {
    const photos: Uint8Array[] = [];
    const sketches: Uint8Array[] = [];
    const index: string[] = [];
    let rejected = 0;
    for (const name of names.filter((n) => n.startsWith(`${split}_`))) {
      const result = await aligner.alignFile(path.join(root, 'photos', `${name}.jpg`));
      if ('reason' in result) {
        rejected += 1;
        continue;
      }
      const sketchImage = await loadRgba(path.join(root, 'sketches', `${name}.jpg`));
      if (sketchImage.width !== result.image.width || sketchImage.height !== result.image.height) {
        rejected += 1; // not pixel-aligned with its photo: the shared transform would not fit
        continue;
      }
      const sketch = alignFace(sketchImage, result.face).crop.data;
      const grey = new Uint8Array(pixels);
      for (let i = 0; i < pixels; i += 1) grey[i] = sketch[3 * i] as number;
      photos.push(result.crop);
      sketches.push(grey);
      index.push(name);
    }
    const n = index.length;
    const photoData = new Uint8Array(n * pixels * 3);
    photos.forEach((p, i) => photoData.set(p, i * pixels * 3));
    const sketchData = new Uint8Array(n * pixels);
    sketches.forEach((s, i) => sketchData.set(s, i * pixels));
    await writeNpy(path.join(out, `sketch-pairs-${split}-photos.npy`), {
      dtype: 'uint8',
      shape: [n, CROP_HEIGHT, CROP_WIDTH, 3],
      data: photoData,
    });
    await writeNpy(path.join(out, `sketch-pairs-${split}-sketches.npy`), {
      dtype: 'uint8',
      shape: [n, CROP_HEIGHT, CROP_WIDTH],
      data: sketchData,
    });
    await writeFile(path.join(out, `sketch-pairs-${split}-index.json`), JSON.stringify(index));
    console.log(`${split}: ${n} pairs aligned, ${rejected} rejected`);
  }
} finally {
  await aligner.close();
}
