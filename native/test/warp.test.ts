/* eslint-disable @typescript-eslint/no-non-null-assertion -- loops index arrays within bounds. */
/**
 * warpAffineSync (the faces module's alignment and paste-back resampling): exact on identity and
 * integer shifts for every sample type, 2x2 means when shrinking by 2, regions and `only` equal
 * to the whole output, and arguments refused with their names.
 */
import { describe, expect, it } from 'vitest';
import { warpAffineSync, type WarpPixels, type WarpSpec } from '../index.js';
import { randomImage } from './helpers.js';

const whole = (width: number, height: number, toSource: number[]): WarpSpec => ({
  toSource,
  width,
  height,
  sample: [0, 1, 2],
  fillOutside: false,
  fill: 0,
  only: null,
  region: { x: 0, y: 0, width, height },
});

describe('warpAffineSync', () => {
  const [w, h] = [37, 29];
  const values = randomImage(w * h * 4, 3);
  const sources: WarpPixels[] = [
    Uint8Array.from(values, (v) => Math.round(v * 255)),
    Uint8ClampedArray.from(values, (v) => Math.round(v * 255)),
    Uint16Array.from(values, (v) => Math.round(v * 65535)),
    Float32Array.from(values),
    Float64Array.from(values),
  ];

  it('reproduces the source on identity and integer shifts, any sample type', () => {
    for (const src of sources) {
      const same = warpAffineSync(src, w, h, 4, whole(w, h, [1, 0, 0, 0, 1, 0]));
      const shifted = warpAffineSync(src, w, h, 4, whole(w - 3, h - 2, [1, 0, 3, 0, 1, 2]));
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          for (let c = 0; c < 3; c++) {
            const v = Math.fround(src[(y * w + x) * 4 + c]!);
            expect(same[(y * w + x) * 3 + c]).toBe(v);
            if (x >= 3 && y >= 2) expect(shifted[((y - 2) * (w - 3) + x - 3) * 3 + c]).toBe(v);
          }
        }
      }
    }
  });

  it('averages 2x2 blocks when shrinking by 2', () => {
    const src = sources[0]!;
    const out = warpAffineSync(src, w, h, 4, whole(16, 12, [2, 0, 0.5, 0, 2, 0.5]));
    for (let y = 0; y < 12; y++) {
      for (let x = 0; x < 16; x++) {
        let sum = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const) {
          sum += src[((2 * y + dy) * w + 2 * x + dx) * 4 + 1]!;
        }
        expect(out[(y * 16 + x) * 3 + 1]).toBe(Math.fround(sum / 4));
      }
    }
  });

  it('computes a region or an `only` part exactly as the whole; fills outside the source', () => {
    const src = sources[3]!;
    const turn = [0.8, -0.3, 5.2, 0.3, 0.8, -4.1];
    const all = warpAffineSync(src, w, h, 4, {
      ...whole(50, 40, turn),
      fillOutside: true,
      fill: 7,
    });
    const region = { x: 9, y: 6, width: 20, height: 15 };
    const only = Float32Array.from({ length: 300 }, (_, i) => (i % 3) - 1);
    const part = warpAffineSync(src, w, h, 4, {
      ...whole(50, 40, turn),
      fillOutside: true,
      fill: 7,
      region,
      only,
    });
    let outside = 0;
    for (let y = 0; y < 15; y++) {
      for (let x = 0; x < 20; x++) {
        for (let c = 0; c < 3; c++) {
          const full = all[((y + 6) * 50 + x + 9) * 3 + c]!;
          expect(part[(y * 20 + x) * 3 + c]).toBe(only[y * 20 + x]! > 0 ? full : 7);
        }
      }
    }
    for (const v of all) if (v === 7) outside++;
    expect(outside).toBeGreaterThan(0);
  });

  it('refuses bad arguments, naming them', () => {
    const src = sources[0]!;
    expect(() => warpAffineSync(src, w, h, 3, whole(4, 4, [1, 0, 0, 0, 1, 0]))).toThrow(
      /pixels must have 3219 elements/,
    );
    expect(() => warpAffineSync(src, w, h, 4, whole(4, 4, [1, 0, NaN, 0, 1, 0]))).toThrow(
      /toSource/,
    );
    expect(() =>
      warpAffineSync(src, w, h, 4, { ...whole(4, 4, [1, 0, 0, 0, 1, 0]), sample: [4] }),
    ).toThrow(/sample channel must be in 0..3/);
    expect(() =>
      warpAffineSync(src, w, h, 4, {
        ...whole(4, 4, [1, 0, 0, 0, 1, 0]),
        only: new Float32Array(3),
      }),
    ).toThrow(/only must have 16 elements/);
    expect(() =>
      warpAffineSync([1, 2] as unknown as Float32Array, 1, 1, 2, whole(1, 1, [1, 0, 0, 0, 1, 0])),
    ).toThrow();
  });
});
