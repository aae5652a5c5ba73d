/* eslint-disable @typescript-eslint/no-non-null-assertion -- loops index arrays within bounds. */
/**
 * gaussianBlurSync (paste-back's mask feather and colour matching): an impulse spreads with the
 * asked variance in both regimes (sampled kernel up to sigma 4, three box passes beyond),
 * symmetric and with its sum kept; constants and sigma 0 unchanged; replicated edges; arguments
 * refused with their names.
 */
import { describe, expect, it } from 'vitest';
import { gaussianBlurSync } from '../index.js';

// Wide enough that the widest blur (3 boxes of radius 22) never reaches the border.
const [W, H] = [301, 281];

/** An impulse of 1 at the centre, blurred: its mass, mean and variance along x. */
function impulseMoments(sigma: number) {
  const values = new Float32Array(W * H);
  const [cx, cy] = [150, 140];
  values[cy * W + cx] = 1;
  gaussianBlurSync(values, W, H, sigma);
  let mass = 0, mean = 0, variance = 0; // prettier-ignore
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = values[y * W + x]!;
      mass += v;
      mean += v * (x - cx);
      variance += v * (x - cx) ** 2;
    }
  }
  return { values, mass, mean: mean / mass, variance: variance / mass, cx, cy };
}

describe('gaussianBlurSync', () => {
  it.each([0.7, 2, 4, 6, 11, 22])(
    'spreads an impulse with variance sigma^2 (sigma %f)',
    (sigma) => {
      const { values, mass, mean, variance, cx, cy } = impulseMoments(sigma);
      expect(mass).toBeCloseTo(1, 5);
      expect(mean).toBeCloseTo(0, 5);
      // Box passes have variance 3((2r+1)^2-1)/12 with an integer r: 42 for sigma 6 (+17%),
      // closer for wider blurs.
      expect(variance / sigma ** 2).toBeGreaterThan(sigma <= 4 ? 0.97 : 0.9);
      expect(variance / sigma ** 2).toBeLessThan(sigma <= 4 ? 1.01 : 1.2);
      // Symmetric in x and y around the impulse, peak at the impulse.
      for (const d of [1, 3, 7]) {
        expect(values[cy * W + cx - d]).toBeCloseTo(values[cy * W + cx + d]!, 7);
        expect(values[(cy - d) * W + cx]).toBeCloseTo(values[(cy + d) * W + cx]!, 7);
        expect(values[cy * W + cx]!).toBeGreaterThan(values[cy * W + cx + d]!);
      }
    },
  );

  it('keeps constants and edges replicated, and does nothing for sigma 0', () => {
    const flat = new Float32Array(W * H).fill(0.25);
    gaussianBlurSync(flat, W, H, 22);
    expect(flat.every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true);
    // A step at the left edge: replicated edges keep the border's value beside it.
    const step = Float32Array.from({ length: W * H }, (_, i) => (i % W < 30 ? 1 : 0));
    gaussianBlurSync(step, W, H, 3);
    expect(step[50 * W]).toBeCloseTo(1, 6);
    expect(step[50 * W + 29]! + step[50 * W + 30]!).toBeCloseTo(1, 6);
    const random = Float32Array.from({ length: W * H }, (_, i) => (i * 7919) % 13);
    const copy = random.slice();
    gaussianBlurSync(random, W, H, 0);
    expect(random).toEqual(copy);
  });

  it('refuses bad arguments by name', () => {
    const values = new Float32Array(12);
    expect(() => gaussianBlurSync(values, 4, 4, 2)).toThrow(/values must have 16 elements/);
    expect(() => gaussianBlurSync(values, 0, 12, 2)).toThrow(/width must be in 1/);
    expect(() => gaussianBlurSync(values, 4, 3, -1)).toThrow(/sigma must be a finite number/);
    expect(() => gaussianBlurSync(values, 4, 3, Number.NaN)).toThrow(/sigma/);
    expect(() => gaussianBlurSync(new Float32Array([1, 2, Number.NaN]), 3, 1, 1)).toThrow(
      /values must contain only finite values \(index 2/,
    );
    // @ts-expect-error: wrong element type
    expect(() => gaussianBlurSync(new Float64Array(12), 4, 3, 1)).toThrow(/Float32Array/);
  });
});
