/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and kernel loops index typed arrays within bounds by construction. */
/**
 * EXPERIMENTAL whole-photo mode (beyond the paper): camera shake blurs the whole frame with one
 * kernel, so the kernel estimated on a face, rescaled from crop to photo pixels, deconvolves the
 * entire photo (Wiener with symmetric padding + edge taper), followed by a light ringing
 * suppression that keeps every pixel near the range of its blurry neighbourhood.
 */
import * as native from '../../../native/index.js';
import { clamp01 } from './tensors.js';

export interface Kernel {
  data: Float32Array;
  size: number;
}

/**
 * The crop-pixel kernel expressed in photo pixels, `cropPerPhoto` crop pixels per photo pixel
 * (the alignment's scale). Mass-conserving: upsampled by bilinear sampling, downsampled by
 * bilinear splatting; normalised to sum 1.
 */
export function kernelInPhotoPixels(kernel: Kernel, cropPerPhoto: number, maxSize: number): Kernel {
  const photoPerCrop = 1 / cropPerPhoto;
  let size = Math.max(1, Math.round(kernel.size * photoPerCrop));
  if (size % 2 === 0) size += 1;
  size = Math.min(size, maxSize % 2 === 1 ? maxSize : maxSize - 1);
  const out = new Float32Array(size * size);
  const r = (kernel.size - 1) / 2;
  const R = (size - 1) / 2;
  const k = kernel.data;
  const at = (y: number, x: number) =>
    y < 0 || x < 0 || y >= kernel.size || x >= kernel.size ? 0 : k[y * kernel.size + x]!;
  if (photoPerCrop >= 1) {
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const y = (i - R) * cropPerPhoto + r;
        const x = (j - R) * cropPerPhoto + r;
        const y0 = Math.floor(y);
        const x0 = Math.floor(x);
        const ty = y - y0;
        const tx = x - x0;
        out[i * size + j] =
          (1 - ty) * ((1 - tx) * at(y0, x0) + tx * at(y0, x0 + 1)) +
          ty * ((1 - tx) * at(y0 + 1, x0) + tx * at(y0 + 1, x0 + 1));
      }
    }
  } else {
    for (let a = 0; a < kernel.size; a++) {
      for (let b = 0; b < kernel.size; b++) {
        const v = k[a * kernel.size + b]!;
        if (v === 0) continue;
        const y = (a - r) * photoPerCrop + R;
        const x = (b - r) * photoPerCrop + R;
        const y0 = Math.floor(y);
        const x0 = Math.floor(x);
        const ty = y - y0;
        const tx = x - x0;
        const put = (yy: number, xx: number, w: number) => {
          if (yy >= 0 && xx >= 0 && yy < size && xx < size) out[yy * size + xx]! += w * v;
        };
        put(y0, x0, (1 - ty) * (1 - tx));
        put(y0, x0 + 1, (1 - ty) * tx);
        put(y0 + 1, x0, ty * (1 - tx));
        put(y0 + 1, x0 + 1, ty * tx);
      }
    }
  }
  let sum = 0;
  for (const v of out) sum += v;
  if (sum <= 0) {
    out.fill(0);
    out[(size * size - 1) / 2] = 1;
  } else for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return { data: out, size };
}

/**
 * One separable pass of the 5-sample running min and max (edges replicated) along rows or
 * columns of an RGB image: min of `srcLo` into `lo`, max of `srcHi` into `hi`. Flat loops that
 * walk memory in order (the vertical pass compares whole rows): it touches every sample of a
 * 12 MP photo four times.
 */
function rangePass(
  srcLo: Float32Array,
  srcHi: Float32Array,
  lo: Float32Array,
  hi: Float32Array,
  width: number,
  height: number,
  horizontal: boolean,
): void {
  const rowLength = 3 * width;
  const n = horizontal ? width : height;
  const step = horizontal ? 3 : rowLength;
  // Horizontal: per row, neighbours are 3 samples apart; vertical: one "row" is the whole image
  // and neighbours are whole rows apart, so the inner loop runs along contiguous memory.
  const lines = horizontal ? height : 1;
  const inner = horizontal ? 3 : rowLength;
  for (let line = 0; line < lines; line++) {
    const base = line * rowLength;
    for (let i = 0; i < n; i++) {
      const a = base + (i > 1 ? i - 2 : 0) * step;
      const b = base + (i > 0 ? i - 1 : 0) * step;
      const m = base + i * step;
      const d = base + (i < n - 1 ? i + 1 : n - 1) * step;
      const e = base + (i < n - 2 ? i + 2 : n - 1) * step;
      for (let c = 0; c < inner; c++) {
        let mn = srcLo[m + c]!;
        let mx = srcHi[m + c]!;
        let v = srcLo[a + c]!;
        if (v < mn) mn = v;
        v = srcLo[b + c]!;
        if (v < mn) mn = v;
        v = srcLo[d + c]!;
        if (v < mn) mn = v;
        v = srcLo[e + c]!;
        if (v < mn) mn = v;
        v = srcHi[a + c]!;
        if (v > mx) mx = v;
        v = srcHi[b + c]!;
        if (v > mx) mx = v;
        v = srcHi[d + c]!;
        if (v > mx) mx = v;
        v = srcHi[e + c]!;
        if (v > mx) mx = v;
        lo[m + c] = mn;
        hi[m + c] = mx;
      }
    }
  }
}

/** Per-channel min and max over the 5x5 window around each pixel. */
function localRange(
  rgb: Float32Array,
  width: number,
  height: number,
): { lo: Float32Array; hi: Float32Array } {
  const rowLo = new Float32Array(rgb.length);
  const rowHi = new Float32Array(rgb.length);
  rangePass(rgb, rgb, rowLo, rowHi, width, height, true);
  const lo = new Float32Array(rgb.length);
  const hi = new Float32Array(rgb.length);
  rangePass(rowLo, rowHi, lo, hi, width, height, false);
  return { lo, hi };
}

/** Margin beyond the blurry neighbourhood's range a deblurred pixel may reach (of [0, 1]). */
const RINGING_MARGIN = 0.12;

/** Deconvolves a whole photo (RGB interleaved [0, 1]) with `kernel` (photo pixels). */
export async function deblurWholePhoto(
  rgb: Float32Array,
  width: number,
  height: number,
  kernel: Kernel,
  gamma: number = native.DEFAULTS.gamma,
): Promise<Float32Array> {
  const x = await native.wienerDeconvolve(rgb, width, height, 3, kernel.data, kernel.size, {
    gamma,
  });
  const { lo, hi } = localRange(rgb, width, height);
  for (let i = 0; i < x.length; i++) {
    x[i] = clamp01(Math.min(hi[i]! + RINGING_MARGIN, Math.max(lo[i]! - RINGING_MARGIN, x[i]!)));
  }
  return x;
}
