/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index in-bounds pixels. */
/**
 * restoreFaceCrop on an aligned face with no photo around it (the eval's entry point), with
 * real onnxruntime sessions of the tiny untrained fixtures and the real native addon; the
 * whole-photo kernel rescaling.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as native from '../../../../native/index.js';
import { loadRestorationModels, type RestorationModels } from '../../inference/models.js';
import { releaseModels } from '../../inference/session.js';
import { sharedDataDir } from '../../paths.js';
import { decodePhoto } from '../../image/decode.js';
import { closeSharedDetector, detectFaces, detectToneMode } from '../../faces/index.js';
import { restorePhoto } from '../restorePhoto.js';
import { CROP_H, CROP_W, restoreFaceCrop } from '../restoreFace.js';
import { kernelInPhotoPixels } from '../wholePhoto.js';

const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../inference/test/fixtures',
);
let models: RestorationModels;
let sharp240: Float32Array;
let blurry: Float32Array;

/** A horizontal 15-px motion kernel. */
const motion = (() => {
  const k = new Float32Array(15 * 15);
  for (let j = 0; j < 15; j++) k[7 * 15 + j] = 1 / 15;
  return { data: k, size: 15 };
})();

beforeAll(async () => {
  models = await loadRestorationModels(fixtures, { intraOpThreads: 1, log: () => undefined });
  const face = path.join(sharedDataDir(), 'faces', 'celeba-aligned-nikhil4902');
  const first = fs.readdirSync(face).find((f) => f.endsWith('.jpg'))!;
  const { data } = await sharp(path.join(face, first))
    .resize(CROP_W, CROP_H, { fit: 'cover' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  sharp240 = Float32Array.from(data, (v) => v / 255);
  blurry = await native.blur(sharp240, CROP_W, CROP_H, 3, motion.data, motion.size);
});
afterAll(async () => {
  await releaseModels();
  await closeSharedDetector();
});

const mse = (a: Float32Array, b: Float32Array) =>
  a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length;

describe('restoreFaceCrop', () => {
  it('returns every intermediate at crop size, a kernel summing to 1 and its confidence', async () => {
    const r = await restoreFaceCrop(blurry, models, { kernelSize: 21 });
    expect(r.sketch.length).toBe(CROP_W * CROP_H);
    expect([r.x0.length, r.final.length, r.network!.length]).toEqual(
      Array(3).fill(3 * CROP_W * CROP_H),
    );
    expect(r.kernel.size).toBe(21);
    expect(r.kernel.data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.final.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The kernel is wider than tall (the blur was horizontal).
    const spread = (axis: 0 | 1) => {
      let m = 0;
      for (let a = 0; a < 21; a++)
        for (let b = 0; b < 21; b++) m += r.kernel.data[a * 21 + b]! * ((axis ? b : a) - 10) ** 2;
      return m;
    };
    expect(spread(1)).toBeGreaterThan(spread(0));
  });

  it('strength blends x0 (0) and the network output (1)', async () => {
    const zero = await restoreFaceCrop(blurry, models, { strength: 0 });
    expect(zero.final).toEqual(zero.x0);
    const half = await restoreFaceCrop(blurry, models, { strength: 0.5 });
    for (const i of [0, 5000, 90000]) {
      expect(half.final[i]).toBeCloseTo(0.5 * half.x0[i]! + 0.5 * half.network![i]!, 5);
    }
    const { deartifact: _a, ...noA } = models;
    const physicsOnly = await restoreFaceCrop(blurry, { ...noA, deartifact: null });
    expect(physicsOnly.network).toBeNull();
    expect(physicsOnly.final).toEqual(physicsOnly.x0);
  });

  it('says plainly when the kernel explains little (a blank face)', async () => {
    const flat = new Float32Array(3 * CROP_W * CROP_H).fill(0.5);
    const r = await restoreFaceCrop(flat, models);
    expect(r.lowConfidence).toBe(true);
    expect(mse(r.final, flat)).toBeLessThan(1e-4);
  });

  it('rejects wrong crops and parameters with the parameter named', async () => {
    await expect(restoreFaceCrop(new Float32Array(10), models)).rejects.toThrow(/crop must be/);
    await expect(restoreFaceCrop(blurry, models, { kernelSize: 12 })).rejects.toThrow(
      /kernel size/,
    );
    await expect(restoreFaceCrop(blurry, models, { strength: 1.5 })).rejects.toThrow(/strength/);
  });
});

describe('kernelInPhotoPixels', () => {
  it('rescales a crop kernel to photo pixels, keeping its mass and shape', () => {
    const up = kernelInPhotoPixels(motion, 0.5, 1023); // face twice the crop size in the photo
    expect(up.size).toBe(31);
    expect(up.data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    const down = kernelInPhotoPixels(motion, 3, 1023);
    expect(down.size).toBe(5);
    expect(down.data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    // Still a horizontal line: the middle row holds nearly all the mass.
    const row = down.data.slice(2 * 5, 3 * 5).reduce((s, v) => s + v, 0);
    expect(row).toBeGreaterThan(0.9);
  });
});

describe('restorePhoto', () => {
  it('face mode changes only face areas; whole-photo mode (experimental) deblurs the frame', async () => {
    const photo = await decodePhoto(
      path.join(sharedDataDir(), 'photos', 'bw-old', 'deoldify_mark-twain.jpg'),
    );
    const faces = await restorePhoto(photo, models, { keepIntermediates: true });
    expect(faces.mode).toBe('faces');
    expect(faces.restored).toBe(1);
    const face = faces.faces[0]!;
    expect(face.restoration?.sketch.length).toBe(CROP_W * CROP_H);
    const changedOutside = (out: Uint8ClampedArray) => {
      let n = 0;
      const { x, y, width, height } = face.box;
      for (let i = 0; i < out.length; i += 4) {
        const px = (i / 4) % photo.width;
        const py = Math.floor(i / 4 / photo.width);
        const inside =
          px >= x - width && px < x + 2 * width && py >= y - height && py < y + 2 * height;
        if (!inside && out[i] !== photo.rgba8.data[i]) n++;
      }
      return n;
    };
    expect(changedOutside(faces.rgba8)).toBe(0);
    const whole = await restorePhoto(photo, models, { wholePhoto: true });
    expect(whole.mode).toBe('whole-photo');
    expect(whole.photoKernel!.size % 2).toBe(1);
    expect(changedOutside(whole.rgba8)).toBeGreaterThan(10_000);
    const excluded = await restorePhoto(photo, models, { exclude: [0] });
    expect([excluded.restored, excluded.faces[0]!.note]).toEqual([0, 'excluded']);
  });

  it('takes faces already detected and per-face kernel size and strength (the app)', async () => {
    const photo = await decodePhoto(
      path.join(sharedDataDir(), 'photos', 'bw-old', 'deoldify_mark-twain.jpg'),
    );
    const detected = await detectFaces(photo.rgba8);
    const r = await restorePhoto(photo, models, {
      detected,
      kernelSize: 21,
      faceParams: { 0: { kernelSize: 15, strength: 0 } },
      keepIntermediates: true,
    });
    expect(r.timings.detect).toBeLessThan(5); // no second detection
    const face = r.faces[0]!;
    expect(face.kernelSize).toBe(15);
    expect(face.restoration!.final).toEqual(face.restoration!.x0); // strength 0: Wiener only
  });

  it('restores every face of a group photo, each with its confidence', async () => {
    const photo = await decodePhoto(
      path.join(sharedDataDir(), 'photos', 'group', 'insightface_t1.jpg'),
    );
    const r = await restorePhoto(photo, models);
    expect(r.restored).toBeGreaterThanOrEqual(5);
    for (const f of r.faces.filter((x) => x.status === 'restored')) {
      expect(f.confidence).toBeGreaterThanOrEqual(0);
      expect(f.kernelSize! % 2).toBe(1);
    }
  });

  it('keeps a sepia photo on its tone curve', async () => {
    const file = path.join(sharedDataDir(), 'photos', 'portrait', 'deepface_img13.jpg');
    const sepia = await sharp(file)
      .resize({ width: 500 })
      .greyscale()
      .toColourspace('srgb')
      .recomb([
        [0.393, 0.769, 0.189].map((v) => v / 1.351),
        [0.349, 0.686, 0.168].map((v) => v / 1.351),
        [0.272, 0.534, 0.131].map((v) => v / 1.351),
      ] as [[number, number, number], [number, number, number], [number, number, number]])
      .png()
      .toBuffer();
    const tmpFile = path.join(os.tmpdir(), `sepia-${process.pid}.png`);
    fs.writeFileSync(tmpFile, sepia);
    const photo = await decodePhoto(tmpFile);
    expect(detectToneMode(photo.rgba8).kind).toBe('toned');
    const r = await restorePhoto(photo, models);
    expect(r.restored).toBe(1);
    const tone = detectToneMode(photo.rgba8);
    if (tone.kind !== 'toned') throw new Error('expected a toned photo');
    // Every changed pixel keeps the photo's colour for its luminance (no colour leaks in).
    let changed = 0;
    let worst = 0;
    for (let i = 0; i < r.rgba8.length; i += 4) {
      if (r.rgba8[i] === photo.rgba8.data[i] && r.rgba8[i + 2] === photo.rgba8.data[i + 2])
        continue;
      changed++;
      const y = Math.round(0.299 * r.rgba8[i]! + 0.587 * r.rgba8[i + 1]! + 0.114 * r.rgba8[i + 2]!);
      for (let c = 0; c < 3; c++) {
        worst = Math.max(worst, Math.abs(r.rgba8[i + c]! - tone.lut[3 * y + c]!));
      }
    }
    expect(changed).toBeGreaterThan(1000);
    expect(worst).toBeLessThanOrEqual(6);
    fs.unlinkSync(tmpFile);
  });
});
