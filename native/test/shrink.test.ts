/* eslint-disable @typescript-eslint/no-non-null-assertion -- loops index arrays within bounds. */
/**
 * shrinkArea (the detector's downscaling): every output pixel is the mean of the source area it
 * covers, checked against a direct double-precision computation of that definition.
 */
import { describe, expect, it } from 'vitest';
import { shrinkArea, shrinkAreaSync } from '../index.js';
import { randomImage } from './helpers.js';

/** The definition, pixel by pixel: covered fraction of each source pixel, in doubles. */
function reference(src: Uint8Array, w: number, h: number, c: number, ow: number, oh: number) {
  const out = new Float64Array(ow * oh * c);
  const rx = w / ow;
  const ry = h / oh;
  const cover = (k: number, r: number, i: number) =>
    Math.max(0, Math.min((k + 1) * r, i + 1) - Math.max(k * r, i));
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      for (let j = Math.floor(y * ry); j < Math.min(h, Math.ceil((y + 1) * ry)); j++) {
        for (let i = Math.floor(x * rx); i < Math.min(w, Math.ceil((x + 1) * rx)); i++) {
          const a = (cover(x, rx, i) * cover(y, ry, j)) / (rx * ry);
          for (let ch = 0; ch < c; ch++)
            out[(y * ow + x) * c + ch]! += a * src[(j * w + i) * c + ch]!;
        }
      }
    }
  }
  return out;
}

const bytes = (n: number, seed: number) =>
  Uint8Array.from(randomImage(n, seed), (v) => Math.round(v * 255));

describe('shrinkArea', () => {
  it('averages the covered source area (integer and fractional ratios, 1..4 channels)', () => {
    const cases: [number, number, number, number, number][] = [
      [8, 6, 4, 4, 3],
      [4096, 8, 4, 1024, 2],
      [101, 77, 3, 37, 29],
      [50, 40, 1, 49, 13],
      [13, 11, 2, 5, 7],
      [9, 9, 4, 9, 9],
    ];
    for (const [w, h, c, ow, oh] of cases) {
      const src = bytes(w * h * c, w + h);
      const got = shrinkAreaSync(src, w, h, c, ow, oh);
      const want = reference(src, w, h, c, ow, oh);
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k]! - want[k]!));
      // Rounded to the nearest integer: within 0.5, plus float32 accumulation.
      expect(worst, `${w}x${h}x${c} -> ${ow}x${oh}`).toBeLessThan(0.51);
    }
    const same = bytes(9 * 9 * 4, 1);
    expect(shrinkAreaSync(same, 9, 9, 4, 9, 9)).toEqual(same);
  });

  it('gives the same pixels as a promise, from a Uint8ClampedArray too', async () => {
    const src = new Uint8ClampedArray(bytes(300 * 200 * 4, 5));
    expect(await shrinkArea(src, 300, 200, 4, 77, 51)).toEqual(
      shrinkAreaSync(src, 300, 200, 4, 77, 51),
    );
  });

  it('refuses growing, wrong lengths and wrong types with errors naming the argument', async () => {
    const src = new Uint8Array(10 * 10 * 4);
    expect(() => shrinkAreaSync(src, 10, 10, 4, 11, 5)).toThrow(/outWidth must be in 1..10/);
    expect(() => shrinkAreaSync(src, 10, 9, 4, 5, 5)).toThrow(/pixels must have 360 elements/);
    expect(() => shrinkAreaSync(new Float32Array(400) as never, 10, 10, 4, 5, 5)).toThrow(
      TypeError,
    );
    await expect(shrinkArea(src, 10, 10, 5, 5, 5)).rejects.toThrow(/channels must be in 1..4/);
  });
});
