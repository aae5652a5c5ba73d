/**
 * The addon against independent references on the same inputs: numpy (float64, written from
 * native/README.md) and the training code's torch implementation (models/training/physics.py).
 * Agreement: max |a - b| / max |b| < 1e-4, sizes include primes (Bluestein) and 1 x N.
 */
import { describe, expect, it } from 'vitest';

import {
  DEFAULTS,
  blurSync,
  estimateKernelSync,
  fft2,
  ifft2,
  kernelConfidenceSync,
  wienerDeconvolveSync,
  type Channels,
} from '../index.js';
import {
  motionKernel,
  pythonReference,
  randomImage,
  relativeError,
  scene,
  type ReferenceCase,
} from './helpers.js';

const TOLERANCE = 1e-4;

interface Check {
  name: string;
  actual: Float32Array;
  reference: ReferenceCase;
}

function fftCheck(width: number, height: number, seed: number): Check {
  const input = randomImage(width * height, seed);
  return {
    name: `fft2 ${height}x${width}`,
    actual: fft2(input, width, height),
    reference: { op: 'fft2', width, height, input },
  };
}

/** Blurry = blur(scene) + small noise, sketch = the scene: a realistic estimation input. */
function estimationInputs(width: number, height: number, kernelSize: number, seed: number) {
  const sketch = scene(width, height, seed);
  const kernel = motionKernel(kernelSize, seed);
  const noise = randomImage(width * height, seed + 1);
  const blurry = blurSync(sketch, width, height, 1, kernel, kernelSize).map(
    (v, k) => v + 0.01 * ((noise[k] ?? 0) - 0.5),
  );
  return { sketch, blurry, kernel };
}

function estimateCheck(width: number, height: number, size: number | 'auto', seed: number): Check {
  const { sketch, blurry } = estimationInputs(width, height, size === 'auto' ? 15 : size, seed);
  const est = estimateKernelSync(blurry, sketch, width, height, { kernelSize: size, beta: 10 });
  return {
    name: `estimate ${height}x${width} k=${size}`,
    actual: Float32Array.from([est.size, est.confidence, ...est.data]),
    reference: {
      op: 'estimate',
      width,
      height,
      blurry,
      sketch,
      kernelSize: size === 'auto' ? 0 : size,
      beta: 10,
      threshold: DEFAULTS.threshold,
    },
  };
}

function confidenceCheck(width: number, height: number, size: number, seed: number): Check {
  const { sketch, blurry, kernel } = estimationInputs(width, height, size, seed);
  return {
    name: `confidence ${height}x${width} k=${size}`,
    actual: Float32Array.of(kernelConfidenceSync(blurry, sketch, width, height, kernel, size)),
    reference: { op: 'confidence', width, height, blurry, sketch, kernel, kernelSize: size },
  };
}

function filterCheck(
  op: 'wiener' | 'blur',
  width: number,
  height: number,
  channels: Channels,
  size: number,
  boundary: string,
  seed: number,
): Check {
  const image = randomImage(width * height * channels, seed);
  const kernel = motionKernel(size, seed);
  const actual =
    op === 'wiener'
      ? wienerDeconvolveSync(image, width, height, channels, kernel, size, {
          gamma: 0.03,
          boundary: boundary as 'taper' | 'none',
        })
      : blurSync(image, width, height, channels, kernel, size, {
          boundary: boundary as 'symmetric' | 'circular',
        });
  return {
    name: `${op} ${height}x${width}x${channels} k=${size} ${boundary}`,
    actual,
    reference: {
      op,
      width,
      height,
      channels,
      image,
      kernel,
      kernelSize: size,
      gamma: 0.03,
      boundary,
    },
  };
}

const physicsChecks = (): Check[] => [
  estimateCheck(200, 240, 31, 11),
  estimateCheck(199, 241, 21, 12),
  estimateCheck(61, 11, 11, 13),
  estimateCheck(120, 100, 'auto', 14),
  confidenceCheck(199, 241, 15, 15),
  confidenceCheck(40, 13, 11, 16),
  filterCheck('wiener', 200, 240, 3, 51, 'taper', 21),
  filterCheck('wiener', 199, 241, 1, 21, 'taper', 22),
  filterCheck('wiener', 199, 241, 4, 15, 'none', 23),
  filterCheck('wiener', 257, 1, 1, 1, 'taper', 24),
  filterCheck('wiener', 97, 3, 1, 3, 'none', 25),
  filterCheck('blur', 199, 241, 3, 31, 'symmetric', 26),
  filterCheck('blur', 199, 241, 1, 31, 'circular', 27),
  filterCheck('blur', 1, 131, 1, 1, 'symmetric', 28),
  filterCheck('blur', 50, 7, 4, 7, 'symmetric', 29),
];

/** Kernel estimates are [size, confidence, ...kernel]: each part is compared on its own scale. */
function agreement(check: Check, reference: Float32Array): number {
  if (check.reference.op !== 'estimate') return relativeError(check.actual, reference);
  if (check.actual[0] !== reference[0]) return Infinity;
  return Math.max(
    Math.abs((check.actual[1] ?? 0) - (reference[1] ?? 0)),
    relativeError(check.actual.subarray(2), reference.subarray(2)),
  );
}

function expectAgreement(checks: Check[], impl: 'numpy' | 'torch') {
  const references = pythonReference(
    impl,
    checks.map((c) => c.reference),
  );
  const errors = checks.map((c, n) => ({
    name: c.name,
    error: agreement(c, references[n] ?? new Float32Array()),
  }));
  for (const e of errors) expect(e.error, e.name).toBeLessThan(TOLERANCE);
}

describe('agreement with numpy', () => {
  it('fft2 matches numpy.fft.rfft2 for power-of-two, 5-smooth, prime, odd and 1 x N sizes', () => {
    const sizes: [number, number][] = [
      [1, 1],
      [1, 97],
      [64, 1],
      [200, 240],
      [199, 241],
      [1000, 3],
      [7, 11],
      [512, 16],
      // widths around the 4-bin SIMD blocks and 64-bin chunks of the row packing
      [5, 33],
      [9, 34],
      [64, 35],
      [65, 36],
      [130, 37],
      [131, 38],
      [257, 2],
    ];
    expectAgreement(
      sizes.map(([w, h], n) => fftCheck(w, h, 100 + n)),
      'numpy',
    );
  });

  it('ifft2 inverts fft2 (numpy scaling)', () => {
    for (const [w, h] of [
      [199, 241],
      [1, 97],
      [240, 200],
    ] as const) {
      const x = randomImage(w * h, w);
      expect(relativeError(ifft2(fft2(x, w, h), w, h), x)).toBeLessThan(TOLERANCE);
    }
  });

  it('kernel estimation, confidence, Wiener and blur match numpy', () => {
    expectAgreement(physicsChecks(), 'numpy');
  });

  it('a wrong implementation is caught (the check can fail)', () => {
    const c = filterCheck('blur', 40, 30, 1, 7, 'symmetric', 5);
    const [reference] = pythonReference('numpy', [{ ...c.reference, boundary: 'circular' }]);
    expect(relativeError(c.actual, reference ?? c.actual)).toBeGreaterThan(TOLERANCE);
  });
});

describe('whole-photo sizes', () => {
  it('colour channels processed on parallel threads equal one-channel calls', () => {
    const [w, h] = [1100, 1000];
    const rgb = randomImage(w * h * 3, 77);
    const kernel = motionKernel(9, 77);
    const together = wienerDeconvolveSync(rgb, w, h, 3, kernel, 9);
    for (let c = 0; c < 3; c++) {
      const channel = rgb.filter((_, k) => k % 3 === c);
      const alone = wienerDeconvolveSync(channel, w, h, 1, kernel, 9);
      expect(
        relativeError(
          together.filter((_, k) => k % 3 === c),
          alone,
        ),
      ).toBe(0);
    }
  });
});

describe('agreement with the training code (models/training/physics.py, torch)', () => {
  it('kernel estimation, confidence, Wiener and blur match torch', () => {
    expectAgreement(physicsChecks(), 'torch');
  });
});
