/**
 * Promise forms: many calls in flight at once (libuv's worker threads share plans and each has
 * its own buffers) give exactly the synchronous results, and the caller may reuse its arrays
 * as soon as the call returns.
 */
import { describe, expect, it } from 'vitest';

import {
  blur,
  blurSync,
  estimateKernel,
  estimateKernelSync,
  kernelConfidence,
  kernelConfidenceSync,
  wienerDeconvolve,
  wienerDeconvolveSync,
} from '../index.js';
import { motionKernel, randomImage, scene } from './helpers.js';

describe('async forms', () => {
  it('run concurrently with results identical to the sync forms', async () => {
    const sizes: [number, number][] = [
      [200, 240],
      [199, 241],
      [64, 48],
      [120, 100],
    ];
    const jobs = sizes.flatMap(([w, h], n) => {
      const image = randomImage(w * h * 3, n);
      const kernel = motionKernel(15, n);
      const sketch = scene(w, h, n);
      const blurry = blurSync(sketch, w, h, 1, kernel, 15);
      return [
        {
          run: () => wienerDeconvolve(image, w, h, 3, kernel, 15),
          expected: wienerDeconvolveSync(image, w, h, 3, kernel, 15),
        },
        {
          run: () => blur(image, w, h, 3, kernel, 15, { boundary: 'circular' }),
          expected: blurSync(image, w, h, 3, kernel, 15, { boundary: 'circular' }),
        },
        {
          run: async () => (await estimateKernel(blurry, sketch, w, h, { kernelSize: 15 })).data,
          expected: estimateKernelSync(blurry, sketch, w, h, { kernelSize: 15 }).data,
        },
        {
          run: async () =>
            Float32Array.of(await kernelConfidence(blurry, sketch, w, h, kernel, 15)),
          expected: Float32Array.of(kernelConfidenceSync(blurry, sketch, w, h, kernel, 15)),
        },
      ];
    });
    const results = await Promise.all([...jobs, ...jobs].map((j) => j.run()));
    results.forEach((r, n) => expect(r).toEqual(jobs[n % jobs.length]?.expected));
  });

  it('work on a copy: changing the input after the call does not change the result', async () => {
    const [w, h] = [120, 100];
    const image = randomImage(w * h, 9);
    const kernel = motionKernel(11, 9);
    const expected = wienerDeconvolveSync(image, w, h, 1, kernel, 11);
    const pending = wienerDeconvolve(image, w, h, 1, kernel, 11);
    image.fill(0);
    kernel.fill(0);
    expect(await pending).toEqual(expected);
  });
});
