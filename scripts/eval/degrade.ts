/**
 * The benchmark's blurry inputs: the sharp aligned face blurred by a benchmark kernel with the
 * native addon's forward model (symmetric boundary: no wrap-around), plus Gaussian noise of a
 * given sigma (seeded per face and kernel, so every row sees the same input), then clipped and
 * rounded to 8 bits as a saved photo would be.
 */
import * as native from '../../native/index.js';
import { mulberry32 } from '../../electron/core/random.js';
import type { BenchmarkKernel } from './kernelFiles.js';

/** Standard normal samples (Box-Muller) from a seeded uniform source. */
export function gaussianNoise(count: number, seed: number): Float32Array {
  const uniform = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const t = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(t);
    if (i + 1 < count) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** Rounds [0, 1] values to the nearest 8-bit level, clipping outside. */
export function quantise8(image: Float32Array): Float32Array {
  return image.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255);
}

/** The blurry benchmark input of one sharp RGB face (interleaved, [0, 1]) and one kernel. */
export function degradeFace(
  sharp: Float32Array,
  width: number,
  height: number,
  kernel: BenchmarkKernel,
  noiseSigma: number,
  seed: number,
): Float32Array {
  const blurred = native.blurSync(sharp, width, height, 3, kernel.data, kernel.size);
  if (noiseSigma > 0) {
    const noise = gaussianNoise(blurred.length, seed);
    for (let i = 0; i < blurred.length; i += 1)
      blurred[i] = (blurred[i] as number) + noiseSigma * (noise[i] as number);
  }
  return quantise8(blurred);
}
