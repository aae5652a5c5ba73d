import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../electron/core/paths.js';
import { runPython } from '../data/python.js';
import { psnr, ssim, type MetricImage } from './metrics.js';

/** scikit-image's figures for the same two images, passed as JSON. */
function skimageMetrics(a: MetricImage, b: MetricImage): { psnr: number; ssim: number } {
  const script = `
import json, sys
import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
d = json.load(sys.stdin)
shape = (d["height"], d["width"], d["channels"])
a = np.array(d["a"], np.float64).reshape(shape)
b = np.array(d["b"], np.float64).reshape(shape)
print(json.dumps({
    "psnr": peak_signal_noise_ratio(a, b, data_range=1),
    "ssim": structural_similarity(a, b, channel_axis=2, data_range=1, gaussian_weights=True,
                                  sigma=1.5, use_sample_covariance=False),
}))`;
  const input = JSON.stringify({ ...a, a: Array.from(a.data), b: Array.from(b.data) });
  return JSON.parse(runPython(['-c', script], input)) as { psnr: number; ssim: number };
}

async function faceCrop(): Promise<MetricImage> {
  const file = path.join(sharedDataDir(), 'faces', 'celeba-aligned-nikhil4902', '000002.jpg');
  const { data, info } = await sharp(file)
    .resize(200, 240)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: Float64Array.from(data, (v) => v / 255),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

describe('PSNR and SSIM', () => {
  it('match scikit-image within 1e-3 on a real face and a degraded copy', async () => {
    const truth = await faceCrop();
    // A deterministic degradation: a horizontal box blur, a brightness shift and noise.
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
    const test = { ...truth, data: new Float64Array(truth.data.length) };
    for (let i = 0; i < truth.data.length; i += 1) {
      const left = truth.data[Math.max(0, i - 9)] as number;
      const right = truth.data[Math.min(truth.data.length - 1, i + 9)] as number;
      const v = ((truth.data[i] as number) + left + right) / 3 + 0.03 + 0.05 * rand();
      test.data[i] = Math.min(1, Math.max(0, Math.round(v * 255) / 255));
    }
    const ours = { psnr: psnr(truth, test), ssim: ssim(truth, test) };
    const reference = skimageMetrics(truth, test);
    expect(Math.abs(ours.psnr - reference.psnr)).toBeLessThan(1e-3);
    expect(Math.abs(ours.ssim - reference.ssim)).toBeLessThan(1e-3);
    expect(ours.ssim).toBeLessThan(0.95); // the degradation is visible to the metric
  });

  it('match scikit-image on a small grey pair, and an image is perfectly similar to itself', () => {
    const w = 23;
    const h = 17;
    const a = {
      data: Float64Array.from({ length: w * h }, (_, i) => (Math.sin(i * 0.37) + 1) / 2),
      width: w,
      height: h,
      channels: 1,
    };
    const b = { ...a, data: a.data.map((v, i) => v * 0.8 + 0.1 * Math.cos(i)) };
    const reference = skimageMetrics(a, b);
    expect(Math.abs(psnr(a, b) - reference.psnr)).toBeLessThan(1e-3);
    expect(Math.abs(ssim(a, b) - reference.ssim)).toBeLessThan(1e-3);
    expect(ssim(a, a)).toBeCloseTo(1, 12);
    expect(psnr(a, a)).toBe(Infinity);
  });

  it('refuses images of different shapes or too small for the window', () => {
    const a = { data: new Float64Array(12 * 12), width: 12, height: 12, channels: 1 };
    const b = { data: new Float64Array(12 * 12 * 3), width: 12, height: 12, channels: 3 };
    expect(() => psnr(a, b)).toThrow(/differ in shape/);
    const tiny = { data: new Float64Array(9 * 9), width: 9, height: 9, channels: 1 };
    expect(() => ssim(tiny, tiny)).toThrow(/larger than 11x11/);
  });
});
