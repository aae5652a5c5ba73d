/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * 2x3 affine matrices [a, b, c, d, e, f] mapping (x, y) to (a x + b y + c, d x + e y + f), and
 * the least-squares similarity fit (Umeyama) used for face alignment.
 */
import type { Point } from './landmarks.js';

export type Affine = [number, number, number, number, number, number];

export function applyAffine(m: Affine, x: number, y: number): Point {
  return [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12)
    throw new RangeError('affine matrix is singular');
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}

/** The linear scale of a similarity (or the geometric mean scale of any affine). */
export function affineScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}

/**
 * The similarity transform (rotation, uniform scale, translation; no reflection) that maps
 * `from` onto `to` with the least squared error (Umeyama 1991, 2-D closed form).
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  const n = from.length;
  if (n < 2 || to.length !== n)
    throw new RangeError('fitSimilarity needs two equal lists of >= 2 points');
  let fx = 0, fy = 0, tx = 0, ty = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    fx += from[i]![0];
    fy += from[i]![1];
    tx += to[i]![0];
    ty += to[i]![1]; // prettier-ignore
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n; // prettier-ignore
  // With complex numbers: to - tc = s e^{i th} (from - fc); the LS solution is
  // s e^{i th} = sum(conj(f) t) / sum(|f|^2).
  let re = 0, im = 0, norm = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    const ax = from[i]![0] - fx, ay = from[i]![1] - fy; // prettier-ignore
    const bx = to[i]![0] - tx, by = to[i]![1] - ty; // prettier-ignore
    re += ax * bx + ay * by;
    im += ax * by - ay * bx;
    norm += ax * ax + ay * ay;
  }
  if (norm < 1e-12) throw new RangeError('fitSimilarity: the source points coincide');
  const a = re / norm;
  const b = im / norm;
  return [a, -b, tx - a * fx + b * fy, b, a, ty - b * fx - a * fy];
}
