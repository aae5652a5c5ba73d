/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/**
 * Alignment: the similarity fit, canonical framing, the round trip through warpCropToPhoto
 * (PSNR inside the mask), and 16-bit/float input aligned like 8-bit.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRgba, type RgbaImage } from '../../image/rgba.js';
import { applyAffine, fitSimilarity, invertAffine } from '../affine.js';
import { alignFace, CROP_HEIGHT, CROP_TEMPLATE, CROP_WIDTH, warpCropToPhoto } from '../align.js';
import { type DetectedFace, FaceDetector } from '../detector.js';
import { alignmentAnchors } from '../landmarks.js';
import { faceMask } from '../mask.js';
import { warpAffine } from '../warp.js';
import { maskedPsnr, modelsDir, photosDir, sampleFaces } from './helpers.js';

let detector: FaceDetector;
beforeAll(async () => {
  detector = await FaceDetector.create({ modelsDir });
});
afterAll(async () => {
  await detector.close();
});

async function firstFace(image: RgbaImage): Promise<DetectedFace> {
  const [face] = await detector.detectFaces(image);
  if (!face) throw new Error('test image without a face');
  return face;
}

describe('fitSimilarity', () => {
  it('recovers a known rotation, scale and translation exactly', () => {
    const truth = fitSimilarity(
      [
        [0, 0],
        [1, 0],
      ],
      [
        [10, 20],
        [10 + 2 * Math.cos(0.3), 20 + 2 * Math.sin(0.3)],
      ],
    );
    const from: [number, number][] = [
      [3, 4],
      [50, 7],
      [20, 60],
      [-5, 33],
    ];
    const to = from.map(([x, y]) => applyAffine(truth, x, y));
    const fit = fitSimilarity(from, to);
    fit.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 9));
    const back = invertAffine(fit);
    const [x, y] = applyAffine(back, ...applyAffine(fit, 7, 9));
    expect(x).toBeCloseTo(7, 9);
    expect(y).toBeCloseTo(9, 9);
  });
});

describe('alignFace', () => {
  it('puts the eyes, nose and mouth of every face where the template says', async () => {
    for (const file of sampleFaces('lfw-deepfunneled', 5)) {
      const face = await firstFace(await loadRgba(file));
      const anchors = alignmentAnchors(face.landmarks).map(([x, y]) =>
        applyAffine(face.alignment, x, y),
      );
      // Eyes land within 4 px of their template spots (the fit spreads error over 5 points).
      for (const k of [0, 1]) {
        expect(
          Math.hypot(anchors[k]![0] - CROP_TEMPLATE[k]![0], anchors[k]![1] - CROP_TEMPLATE[k]![1]),
        ).toBeLessThan(6);
      }
    }
  });

  it('round-trips a crop back into the photo at > 40 dB PSNR inside the face mask', async () => {
    const psnrs: number[] = [];
    for (const file of [
      ...sampleFaces('lfw-deepfunneled', 3),
      path.join(photosDir, 'portrait/face-recognition_obama-and-biden.jpg'),
    ]) {
      const image = await loadRgba(file);
      const face = await firstFace(image);
      const { crop, matrix } = alignFace(image, face);
      expect([crop.width, crop.height, crop.channels]).toEqual([CROP_WIDTH, CROP_HEIGHT, 3]);
      const patch = warpCropToPhoto(crop, matrix, image)!;
      const mask = warpCropToPhoto(faceMask(face), matrix, image)!;
      const original = new Float32Array(patch.width * patch.height * 3);
      for (let y = 0; y < patch.height; y++) {
        for (let x = 0; x < patch.width; x++) {
          for (let c = 0; c < 3; c++) {
            original[(y * patch.width + x) * 3 + c] =
              image.data[((patch.y + y) * image.width + patch.x + x) * 4 + c]!;
          }
        }
      }
      psnrs.push(maskedPsnr(patch.data, original, (i) => mask.data[Math.floor(i / 3)]!));
    }
    console.log(
      `align round trip PSNR inside the mask: ${psnrs.map((p) => p.toFixed(1)).join(', ')} dB`,
    );
    for (const p of psnrs) expect(p).toBeGreaterThan(40);
  });

  it('aligns 16-bit and float data like 8-bit (same geometry, full precision kept)', async () => {
    const image = await loadRgba(sampleFaces('celeba-aligned-nikhil4902', 1)[0]!);
    const face = await firstFace(image);
    const eight = alignFace(image, face);
    const sixteen = alignFace(
      {
        data: Uint16Array.from(image.data, (v) => v * 257),
        width: image.width,
        height: image.height,
        channels: 4,
      },
      face,
    );
    expect(sixteen.crop.data).toBeInstanceOf(Float32Array);
    let maxDiff = 0;
    for (let i = 0; i < eight.crop.data.length; i++) {
      // The 8-bit crop clamps bicubic overshoot to 0..255; the float crop keeps it.
      const v = Math.min(255, Math.max(0, sixteen.crop.data[i]! / 257));
      maxDiff = Math.max(maxDiff, Math.abs(v - eight.crop.data[i]!));
    }
    expect(maxDiff).toBeLessThanOrEqual(0.5 + 1e-3); // 8-bit rounding only
  });

  it('supersamples when shrinking, so a fine stripe pattern does not alias', () => {
    const w = 400;
    const stripes = new Float32Array(w * w);
    for (let i = 0; i < stripes.length; i++) stripes[i] = (i % w) % 2;
    const out = warpAffine(
      { data: stripes, width: w, height: w, channels: 1 },
      [4, 0, 0, 0, 4, 0],
      100,
      100,
    );
    // Row 10 away from the clamped left edge.
    for (const v of out.subarray(1001, 1100)) expect(Math.abs(v - 0.5)).toBeLessThan(0.05);
  });
});
