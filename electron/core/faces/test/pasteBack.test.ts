/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/**
 * Paste-back: seamless identity, colour and brightness matched, grain matched, grayscale and
 * sepia photos kept on their tone curve, and the face outside the mask untouched.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRgba, type RgbaImage } from '../../image/rgba.js';
import { alignFace, cropFootprint, warpCropToPhoto } from '../align.js';
import { type DetectedFace, FaceDetector } from '../detector.js';
import { faceMask } from '../mask.js';
import { detectToneMode, pasteBack, pasteBackInto } from '../pasteBack.js';
import { faceSharpness, SHARPNESS_SUPPORT } from '../quality.js';
import { maskedPsnr, modelsDir, photosDir } from './helpers.js';

let detector: FaceDetector;
let photo: RgbaImage;
let face: DetectedFace;
beforeAll(async () => {
  detector = await FaceDetector.create({ modelsDir });
  photo = await loadRgba(path.join(photosDir, 'portrait/face-recognition_obama-and-biden.jpg'));
  face = (await detector.detectFaces(photo))[0]!;
});
afterAll(async () => {
  await detector.close();
});

function toGray(image: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const y = Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
    data[i] = data[i + 1] = data[i + 2] = y;
  }
  return { ...image, data };
}

function toSepia(image: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(toGray(image).data);
  for (let i = 0; i < data.length; i += 4) {
    const y = data[i]!;
    data[i] = Math.min(255, y * 1.07 + 20);
    data[i + 1] = y * 0.95 + 8;
    data[i + 2] = y * 0.74;
  }
  return { ...image, data };
}

describe('pasteBack', () => {
  it('pasting the unmodified crop back changes the photo very little', () => {
    const { crop } = alignFace(photo, face);
    const out = pasteBack(photo, crop, face, { matchGrain: false });
    const psnr = maskedPsnr(out.data, photo.data, () => 1);
    expect(psnr).toBeGreaterThan(45);
  });

  it('colour-matches to a given original crop exactly as to the photo it was cut from', () => {
    const { crop } = alignFace(photo, face);
    const bright = { ...crop, data: crop.data.map((v) => Math.min(255, v + 60)) };
    const sampled = pasteBack(photo, bright, face);
    const given = pasteBack(photo, bright, face, { originalCrop: crop });
    expect(Buffer.from(given.data).equals(Buffer.from(sampled.data))).toBe(true);
    expect(() => pasteBack(photo, bright, face, { originalCrop: { ...crop, width: 100 } })).toThrow(
      /originalCrop: expected 200x240x3/,
    );
  });

  it('leaves everything outside the crop footprint untouched', () => {
    const { crop } = alignFace(photo, face);
    const bright = { ...crop, data: crop.data.map((v) => Math.min(255, v + 60)) };
    const out = pasteBack(photo, bright, face);
    const area = cropFootprint(face.alignment, photo)!;
    for (let y = 0; y < photo.height; y += 7) {
      for (let x = 0; x < photo.width; x += 7) {
        if (x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height)
          continue;
        const i = (y * photo.width + x) * 4;
        expect(out.data[i]).toBe(photo.data[i]);
      }
    }
  });

  it('matches brightness and colour: a crop 60 levels too bright and too red comes back close', () => {
    const { crop } = alignFace(photo, face);
    const off = {
      ...crop,
      data: crop.data.map((v, i) => Math.min(255, v + (i % 3 === 0 ? 60 : 30))),
    };
    const out = pasteBack(photo, off, face, { matchGrain: false });
    const psnr = maskedPsnr(out.data, photo.data, () => 1);
    // Without the low-frequency match the face would be off by 30..60 levels (< 30 dB).
    expect(psnr).toBeGreaterThan(40);
  });

  it('adds grain to a too-smooth face until its noise matches the photo', () => {
    // A noisy photo: the original plus sigma-8 grain.
    let seed = 3;
    const rnd = () =>
      ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2 * 8 * Math.sqrt(3);
    const noisy = {
      ...photo,
      data: Uint8ClampedArray.from(photo.data, (v, i) => (i % 4 === 3 ? v : v + rnd())),
    };
    const { crop } = alignFace(photo, face); // the clean face: smoother than the photo
    const withGrain = pasteBack(noisy, crop, face);
    const without = pasteBack(noisy, crop, face, { matchGrain: false });
    const roughness = (img: RgbaImage) => {
      const { x, y, width } = face.box;
      let acc = 0;
      let n = 0;
      for (let yy = Math.round(y + 0.3 * width); yy < y + 0.7 * width; yy++) {
        for (let xx = Math.round(x + 0.3 * width); xx < x + 0.7 * width; xx++) {
          const i = (yy * img.width + xx) * 4;
          acc += Math.abs(img.data[i + 1]! - img.data[i + 5]!);
          n++;
        }
      }
      return acc / n;
    };
    expect(roughness(withGrain)).toBeGreaterThan(roughness(without) * 1.5);
    expect(roughness(withGrain)).toBeLessThan(roughness(noisy) * 1.3);
  });

  it('keeps a grayscale photo exactly gray, even when the restored crop is colourful', () => {
    const gray = toGray(photo);
    expect(detectToneMode(gray).kind).toBe('gray');
    const { crop } = alignFace(photo, face); // the colour crop
    const out = pasteBack(gray, crop, face);
    for (let i = 0; i < out.data.length; i += 4) {
      if (out.data[i] !== out.data[i + 1] || out.data[i + 1] !== out.data[i + 2]) {
        throw new Error(`colour introduced at pixel ${i / 4}`);
      }
    }
  });

  it('keeps a sepia photo on its tone curve', () => {
    const sepia = toSepia(photo);
    expect(detectToneMode(sepia).kind).toBe('toned');
    expect(detectToneMode(photo).kind).toBe('colour');
    const { crop } = alignFace(photo, face);
    const out = pasteBack(sepia, crop, face);
    let worst = 0;
    for (let i = 0; i < out.data.length; i += 4) {
      // On the curve, blue/green ratio stays that of the toning (0.74 / 0.95 of luma terms).
      const g = out.data[i + 1]!;
      const b = out.data[i + 2]!;
      worst = Math.max(worst, Math.abs(b - ((g - 8) / 0.95) * 0.74));
    }
    expect(worst).toBeLessThan(4);
  });

  it('changes no pixel where the warped face mask is 0, and fades in without a seam', () => {
    // Stripes of +-30 levels every 8 crop pixels: detail the colour match keeps, so the change
    // in the photo shows how the mask blends it in.
    const { crop } = alignFace(photo, face);
    const striped = {
      ...crop,
      data: crop.data.map((v, i) => v + 30 * Math.sin((2 * Math.PI * ((i / 3) % 200)) / 8)),
    };
    const out = pasteBack(photo, striped, face, { matchGrain: false });
    const m = warpCropToPhoto(faceMask(face), face.alignment, photo)!;
    const change = [0, 0, 0]; // mean |out - photo| where the mask is 0, in (0, 0.1], >= 0.9
    const count = [0, 0, 0];
    for (let y = 0; y < m.height; y++) {
      for (let x = 0; x < m.width; x++) {
        const a = m.data[y * m.width + x]!;
        const i = ((m.y + y) * photo.width + m.x + x) * 4 + 1;
        const bin = a <= 0 ? 0 : a <= 0.1 ? 1 : a >= 0.9 ? 2 : -1;
        if (bin < 0) continue;
        change[bin]! += Math.abs(out.data[i]! - photo.data[i]!);
        count[bin]!++;
      }
    }
    const mean = change.map((c, k) => c / count[k]!);
    expect(mean[0]).toBe(0);
    // Near the oval the stripes come in at a small fraction of their strength: no hard edge.
    expect(mean[2]).toBeGreaterThan(10);
    expect(mean[1]).toBeLessThan(0.15 * mean[2]!);
  });

  it('pasteBackInto writes the same pixels as pasteBack, into the canvas itself', () => {
    const { crop } = alignFace(photo, face);
    const bright = { ...crop, data: crop.data.map((v) => Math.min(255, v + 40)) };
    const copy = pasteBack(photo, bright, face, { seed: 5 });
    // A plain Uint8Array canvas: overshoot must clamp like Uint8ClampedArray, not wrap.
    const canvas = { ...photo, data: new Uint8Array(photo.data) };
    pasteBackInto(canvas, bright, face, { seed: 5 });
    expect(Buffer.compare(Buffer.from(canvas.data), Buffer.from(copy.data))).toBe(0);
  });

  it('warps a region or a masked part exactly as the whole (what paste-back and detection rely on)', () => {
    const mask = faceMask(face);
    const whole = warpCropToPhoto(mask, face.alignment, photo)!;
    const region = { x: whole.x + 37, y: whole.y + 11, width: 101, height: 77 };
    const part = warpCropToPhoto(mask, face.alignment, photo, { region })!;
    expect([part.x, part.y, part.width, part.height]).toEqual([
      region.x,
      region.y,
      region.width,
      region.height,
    ]);
    for (let y = 0; y < part.height; y++) {
      for (let x = 0; x < part.width; x++) {
        const full = whole.data[(y + 11) * whole.width + x + 37]!;
        if (part.data[y * part.width + x] !== full) throw new Error(`differs at ${x},${y}`);
      }
    }
    // alignFace with `only` samples exactly the same values where the weight is > 0.
    const all = alignFace(photo, face).crop.data;
    const some = alignFace(photo, face, { only: mask.data }).crop.data;
    let differ = 0;
    for (let i = 0; i < all.length; i++) {
      if (some[i] !== (mask.data[Math.floor(i / 3)]! > 0 ? all[i] : 0)) differ++;
    }
    expect(differ).toBe(0);
    // So does the detector's sharpness score, which samples only the inner face.
    expect(faceSharpness(alignFace(photo, face, { only: SHARPNESS_SUPPORT }).crop)).toEqual(
      faceSharpness(alignFace(photo, face).crop),
    );
  });

  it('refuses a crop of the wrong size', () => {
    expect(() =>
      pasteBack(photo, { data: new Uint8Array(30), width: 10, height: 1, channels: 3 }, face),
    ).toThrow(/restoredCrop: expected 200x240x3, got 10x1x3/);
  });
});
