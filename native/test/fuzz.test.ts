/**
 * Fuzz: thousands of random shapes, values and parameters through every entry point, both the
 * typed wrapper and the raw addon (bypassing the TypeScript checks). The only acceptable
 * outcomes are a result or a TypeError/RangeError; anything else (or a crash of this process)
 * fails.
 */
import { createRequire } from 'node:module';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import * as native from '../index.js';

const raw = createRequire(import.meta.url)('../build/Release/face_deblur_native.node') as Record<
  string,
  (...args: unknown[]) => unknown
>;

const size = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.constantFrom(0, -1, 1.5, NaN, Infinity, 1e9, 16385),
);
const anyValue = fc.oneof(
  size,
  fc.constantFrom(undefined, null, 'x', 'taper', 'none', 'circular', {}, [], true),
  fc.float(),
  fc.double(),
);

/** A Float32Array whose length is usually right (so deeper checks run), sometimes not. */
const floats = (length: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.float32Array({ minLength: length, maxLength: length }) },
    { weight: 1, arbitrary: fc.float32Array({ maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc
        .float32Array({
          minLength: length,
          maxLength: length,
          noNaN: true,
          noDefaultInfinity: true,
        })
        .map((a) => a.map((v) => Math.max(-1e3, Math.min(1e3, v)))),
    },
    { weight: 1, arbitrary: anyValue },
  );

function settle(run: () => unknown): 'ok' | 'typed' | Error {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) return 'typed';
    return e as Error;
  }
}

const call = fc
  .record({
    w: size,
    h: size,
    c: fc.constantFrom(1, 2, 3, 4, 0),
    k: fc.constantFrom(1, 2, 3, 5, 11, 13, 0, -3),
  })
  .chain(({ w, h, c, k }) => {
    const pixels =
      Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 && w * h < 5000 ? w * h : 4;
    return fc.record({
      w: fc.constant(w),
      h: fc.constant(h),
      c: fc.constant(c),
      k: fc.constant(k),
      a: floats(pixels),
      b: floats(pixels),
      img: floats(pixels * (c > 0 ? c : 1)),
      kernel: floats(Math.max(1, k * k)),
      gamma: fc.oneof(fc.double({ min: 0, max: 1 }), anyValue),
      boundary: fc.constantFrom('taper', 'none', 'symmetric', 'circular', 'bad', 3),
      opts: fc.oneof(
        fc.constant(undefined),
        fc.record({ kernelSize: fc.oneof(fc.constant('auto'), anyValue) }, { requiredKeys: [] }),
        anyValue,
      ),
    });
  });

describe('fuzz: no input crashes, every rejection is a TypeError or RangeError', () => {
  it('typed wrapper and raw addon', () => {
    fc.assert(
      fc.property(call, ({ w, h, c, k, a, b, img, kernel, gamma, boundary, opts }) => {
        const outcomes = [
          settle(() =>
            native.estimateKernelSync(a as Float32Array, b as Float32Array, w, h, opts as never),
          ),
          settle(() =>
            native.kernelConfidenceSync(
              a as Float32Array,
              b as Float32Array,
              w,
              h,
              kernel as Float32Array,
              k,
            ),
          ),
          settle(() =>
            native.wienerDeconvolveSync(
              img as Float32Array,
              w,
              h,
              c as 1,
              kernel as Float32Array,
              k,
              { gamma: gamma as number },
            ),
          ),
          settle(() =>
            native.blurSync(
              img as Float32Array,
              w,
              h,
              c as 1,
              kernel as Float32Array,
              k,
              opts as never,
            ),
          ),
          settle(() => native.fft2(a as Float32Array, w, h)),
          settle(() => native.ifft2(a as Float32Array, w, h)),
          settle(() => raw.estimateKernelSync?.(a, b, w, h, k, gamma, 0.15)),
          settle(() => raw.kernelConfidenceSync?.(a, b, w, h, kernel, k)),
          settle(() => raw.wienerSync?.(img, w, h, c, kernel, k, gamma, boundary)),
          settle(() => raw.blurSync?.(img, w, h, c, kernel, k, boundary)),
          settle(() => raw.fft2?.(a, w, h)),
          settle(() => raw.ifft2?.(b, w, h)),
        ];
        for (const o of outcomes) expect(o === 'ok' || o === 'typed', String(o)).toBe(true);
      }),
      { numRuns: 2500, seed: 20260425 },
    );
  });

  it('async forms reject with typed errors', async () => {
    const bad = new Float32Array(3);
    await expect(native.estimateKernel(bad, bad, 3, 1)).rejects.toBeInstanceOf(RangeError);
    await expect(raw.wiener?.(bad, 3, 1, 1, bad, 2, 0.03, 'taper')).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});
