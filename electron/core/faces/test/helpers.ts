/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/** Shared fixtures for the faces tests: real data from ../shared/data, one detector per file. */
import fs from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../../paths.js';

export const modelsDir = path.join(sharedDataDir(), 'models');
export const facesDir = path.join(sharedDataDir(), 'faces');
export const photosDir = path.join(sharedDataDir(), 'photos');

/** Every `step`-th file of a face set (sorted), `count` of them: a fixed, spread-out sample. */
export function sampleFaces(set: string, count: number): string[] {
  const dir = path.join(facesDir, set);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort();
  const step = Math.max(1, Math.floor(files.length / count));
  return files
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((f) => path.join(dir, f));
}

/** PSNR (dB) between two equally sized sample arrays, over samples where `weight` >= 0.5. */
export function maskedPsnr(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  weight: (i: number) => number,
  peak = 255,
): number {
  let err = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (weight(i) < 0.5) continue;
    err += (a[i]! - b[i]!) ** 2;
    n++;
  }
  return 10 * Math.log10((peak * peak) / (err / n));
}
