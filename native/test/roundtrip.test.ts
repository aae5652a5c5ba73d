/**
 * Round trip on a real face: blur with a known motion kernel, estimate the kernel from the
 * SHARP image's gradients (standing in for the sketch), deconvolve; then show the ringing the
 * boundary handling prevents.
 */
import path from 'node:path';

import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

// eslint-disable-next-line no-restricted-imports -- test-only: the team's shared-data locator
import { sharedDataDir } from '../../electron/core/paths.js';
import { blurSync, estimateKernelSync, toGray, wienerDeconvolveSync } from '../index.js';
import { motionKernel, rng } from './helpers.js';

const FACE = path.join(sharedDataDir(), 'faces', 'celeba-aligned-nikhil4902', '000002.jpg');
const KERNEL_SIZE = 23;
const NOISE = 0.002;

/** PSNR of interleaved RGB, output clipped to [0, 1], over the pixels `keep` accepts. */
function psnr(a: Float32Array, b: Float32Array, keep: (pixel: number) => boolean = () => true) {
  let se = 0,
    n = 0;
  for (let k = 0; k < a.length; k++) {
    if (!keep(Math.floor(k / 3))) continue;
    const d = Math.min(1, Math.max(0, a[k] ?? 0)) - (b[k] ?? 0);
    se += d * d;
    n++;
  }
  return 10 * Math.log10(n / se);
}

function ncc(a: Float32Array, b: Float32Array): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += ((a[k] ?? 0) - ma) * ((b[k] ?? 0) - mb);
    aa += ((a[k] ?? 0) - ma) ** 2;
    bb += ((b[k] ?? 0) - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('round trip on a real face', () => {
  let width = 0,
    height = 0;
  let sharp3: Float32Array, blurry: Float32Array;
  const kernel = motionKernel(KERNEL_SIZE, 3);

  beforeAll(async () => {
    const { data, info } = await sharp(FACE)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    width = info.width;
    height = info.height;
    sharp3 = Float32Array.from(data, (v) => v / 255);
    const r = rng(7);
    blurry = blurSync(sharp3, width, height, 3, kernel, KERNEL_SIZE).map(
      (v) => v + NOISE * (r() + r() + r() - 1.5) * 2,
    );
  });

  it('recovers the kernel (NCC > 0.9) and gains more than 8 dB PSNR', () => {
    const est = estimateKernelSync(
      toGray(blurry, width, height, 3),
      toGray(sharp3, width, height, 3),
      width,
      height,
      // The exact structure image is the ideal case, where a small beta is best; the default
      // (1000) is chosen for G's smoother outputs (native/README.md, parameters).
      { kernelSize: KERNEL_SIZE, beta: 30 },
    );
    expect(ncc(est.data, kernel)).toBeGreaterThan(0.9);
    expect(est.confidence).toBeGreaterThan(0.8);
    const restored = wienerDeconvolveSync(blurry, width, height, 3, est.data, est.size, {
      gamma: 0.003,
    });
    const gain = psnr(restored, sharp3) - psnr(blurry, sharp3);
    expect(gain).toBeGreaterThan(8);
  });

  it('says plainly when the sketch does not explain the blur (low confidence)', () => {
    const r = rng(11);
    const noiseSketch = Float32Array.from({ length: width * height }, () => r());
    const grey = toGray(blurry, width, height, 3);
    const est = estimateKernelSync(grey, noiseSketch, width, height, { kernelSize: KERNEL_SIZE });
    expect(est.confidence).toBeLessThan(0.3);
  });

  it('without boundary handling the circular model rings at the borders', () => {
    const border = 16;
    const nearBorder = (p: number) => {
      const i = Math.floor(p / width),
        j = p % width;
      return i < border || j < border || i >= height - border || j >= width - border;
    };
    const opts = { gamma: 0.003 } as const;
    const tapered = wienerDeconvolveSync(blurry, width, height, 3, kernel, KERNEL_SIZE, opts);
    const circular = wienerDeconvolveSync(blurry, width, height, 3, kernel, KERNEL_SIZE, {
      ...opts,
      boundary: 'none',
    });
    const withTaper = psnr(tapered, sharp3, nearBorder);
    const without = psnr(circular, sharp3, nearBorder);
    expect(withTaper - without).toBeGreaterThan(6);
    expect(psnr(tapered, sharp3)).toBeGreaterThan(psnr(circular, sharp3));
  });
});
