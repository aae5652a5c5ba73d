import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { repoRoot, sharedDataDir } from '../../electron/core/paths.js';
import { classicalBlindDeblur, pyramidKernelSizes, resizeKernel } from './classicalBlind.js';
import { degradeFace, quantise8 } from './degrade.js';
import { loadKernelPng } from './kernelFiles.js';
import { psnr } from './metrics.js';

/** Normalised cross-correlation of two same-size kernels. */
function ncc(a: Float32Array, b: Float32Array): number {
  const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('classical blind baseline', () => {
  it('estimates a kernel close to the true one from a blurry real face and beats the blurry input', async () => {
    // A training face (not in the held-out split), resized to the crop size.
    const file = path.join(sharedDataDir(), 'faces', 'celeba-aligned-nikhil4902', '000002.jpg');
    const { data } = await sharp(file).resize(200, 240).raw().toBuffer({ resolveWithObject: true });
    const face = Float32Array.from(data, (v) => v / 255);
    const kernel = await loadKernelPng(
      path.join(repoRoot, 'models', 'benchmark', 'kernel-31-a.png'),
    );
    const blurry = degradeFace(face, 200, 240, kernel, 0, 1);
    const result = classicalBlindDeblur(blurry, 200, 240, kernel.size);
    expect(result.kernelSize).toBe(31);
    expect(result.kernel.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    expect(ncc(result.kernel, kernel.data)).toBeGreaterThan(0.5);
    const truth = { data: face, width: 200, height: 240, channels: 3 };
    const gain =
      psnr(truth, { ...truth, data: quantise8(result.restored) }) -
      psnr(truth, { ...truth, data: blurry });
    expect(gain).toBeGreaterThan(1);
  });

  it('builds the pyramid down to the smallest kernel the estimator accepts', () => {
    expect(pyramidKernelSizes(51)).toEqual([51, 27, 15]);
    expect(pyramidKernelSizes(21)).toEqual([21, 11]);
    expect(pyramidKernelSizes(11)).toEqual([11]);
  });

  it('resizes a kernel keeping it centred and normalised', () => {
    const k = new Float32Array(9 * 9);
    k[4 * 9 + 2] = 0.5; // two taps on the middle row
    k[4 * 9 + 6] = 0.5;
    const up = resizeKernel(k, 9, 17);
    expect(up.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    let cx = 0;
    let cy = 0;
    up.forEach((v, i) => {
      cx += v * (i % 17);
      cy += v * Math.floor(i / 17);
    });
    expect(cx).toBeCloseTo(8, 4);
    expect(cy).toBeCloseTo(8, 4);
  });
});
