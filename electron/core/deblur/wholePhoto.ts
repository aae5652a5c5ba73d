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

/** Per-channel min and max over a (2 radius + 1)^2 window, separably. */
function localRange(
  rgb: Float32Array,
  width: number,
  height: number,
  radius: number,
): { lo: Float32Array; hi: Float32Array } {
  const pass = (src: Float32Array, horizontal: boolean, max: boolean) => {
    const dst = new Float32Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let best = max ? -Infinity : Infinity;
          for (let d = -radius; d <= radius; d++) {
            const xx = horizontal ? Math.min(width - 1, Math.max(0, x + d)) : x;
            const yy = horizontal ? y : Math.min(height - 1, Math.max(0, y + d));
            const v = src[(yy * width + xx) * 3 + c]!;
            best = max ? Math.max(best, v) : Math.min(best, v);
          }
          dst[(y * width + x) * 3 + c] = best;
        }
      }
    }
    return dst;
  };
  return {
    lo: pass(pass(rgb, true, false), false, false),
    hi: pass(pass(rgb, true, true), false, true),
  };
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
  const { lo, hi } = localRange(rgb, width, height, 2);
  for (let i = 0; i < x.length; i++) {
    x[i] = clamp01(Math.min(hi[i]! + RINGING_MARGIN, Math.max(lo[i]! - RINGING_MARGIN, x[i]!)));
  }
  return x;
}
