/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * Affine resampling of images of any channel count and sample type (8-bit RGBA photos, 16-bit or
 * float pipeline data, float masks). Bicubic (Catmull-Rom) where the output is at least as
 * dense as the source; box-averaged bilinear supersampling where it shrinks the source, so
 * aligned crops of large faces do not alias.
 */
import { type Affine, affineScale } from './affine.js';

export type PixelArray = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array | Float64Array;

/** Interleaved pixels: `width * height * channels` samples, row-major. */
export interface PixelImage<T extends PixelArray = PixelArray> {
  data: T;
  width: number;
  height: number;
  channels: number;
}

export interface WarpOptions {
  /** Source channels to sample, in output order (default: all). */
  channels?: readonly number[];
  /** Outside the source: 'replicate' the edge (default) or write `fill` (e.g. 0 for masks). */
  border?: 'replicate' | 'fill';
  fill?: number;
  /** Per output pixel: where it is <= 0 the pixel is not sampled and reads `fill`. */
  only?: Float32Array;
  /**
   * Compute and return only this rectangle of the `width` x `height` output (`only` is then
   * region-sized too). Its pixels get exactly the values of a whole-output warp (same source
   * coordinates), so a caller that knows where its result can be non-zero (paste-back: around
   * the face mask) pays for that part alone.
   */
  region?: Rect;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Adds one row of 4 bicubic taps (weights wx * wy) to `v`, left to right: written out, not
 * looped, as this is most of alignment and paste-back time, and always in this order, so
 * results are the same as a plain 4x4 loop's.
 */
// prettier-ignore
function addRow(
  v: number, data: PixelArray, p: number, wy: number,
  c0: number, c1: number, c2: number, c3: number,
  wx0: number, wx1: number, wx2: number, wx3: number,
): number {
  v += wx0 * wy * data[p + c0]!;
  v += wx1 * wy * data[p + c1]!;
  v += wx2 * wy * data[p + c2]!;
  v += wx3 * wy * data[p + c3]!;
  return v;
}

const clampInt = (v: number, max: number) => (v < 0 ? 0 : v > max ? max : v);

/**
 * Box-averages the part of `src` that `toSource` reads from for a `width` x `height` output by
 * an integer factor `k`, and returns it with the matching output-to-source transform. Shrinking
 * a large face this way first costs one read per source pixel instead of k*k samples per output.
 */
function boxPrefilter(
  src: PixelImage,
  toSource: Affine,
  width: number,
  height: number,
  chans: readonly number[],
  k: number,
): { image: PixelImage<Float32Array>; toSource: Affine } {
  const [a, b, c, d, e, f] = toSource;
  const xs = [c, a * width + c, b * height + c, a * width + b * height + c];
  const ys = [f, d * width + f, e * height + f, d * width + e * height + f];
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 2 * k);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 2 * k);
  const x1 = Math.min(src.width, Math.ceil(Math.max(...xs)) + 2 * k);
  const y1 = Math.min(src.height, Math.ceil(Math.max(...ys)) + 2 * k);
  const dw = Math.max(1, Math.floor((x1 - x0) / k));
  const dh = Math.max(1, Math.floor((y1 - y0) / k));
  const nc = chans.length;
  const out = new Float32Array(dw * dh * nc);
  const { data, width: sw, channels: sc } = src;
  for (let y = 0; y < dh; y++) {
    for (let sy = y0 + y * k; sy < Math.min(y0 + (y + 1) * k, src.height); sy++) {
      for (let x = 0; x < dw; x++) {
        const o = (y * dw + x) * nc;
        const end = Math.min(x0 + (x + 1) * k, sw);
        for (let sx = x0 + x * k; sx < end; sx++) {
          const p = (sy * sw + sx) * sc;
          for (let ch = 0; ch < nc; ch++) out[o + ch]! += data[p + chans[ch]!]!;
        }
      }
    }
  }
  const inv = 1 / (k * k);
  for (let i = 0; i < out.length; i++) out[i]! *= inv;
  // Down-sampled pixel j is centred on source x0 + j k + (k - 1) / 2.
  const shift = (k - 1) / 2;
  return {
    image: { data: out, width: dw, height: dh, channels: nc },
    toSource: [a / k, b / k, (c - x0 - shift) / k, d / k, e / k, (f - y0 - shift) / k],
  };
}

/**
 * Resamples `src` into a `width` x `height` Float32Array (same value scale as the source) where
 * output pixel (x, y) takes the source at `toSource`(x, y); pixel centres sit at integer
 * coordinates in both images. With `region`, the array holds that rectangle only.
 */
export function warpAffine(
  src: PixelImage,
  toSource: Affine,
  width: number,
  height: number,
  { channels, border = 'replicate', fill = 0, only, region }: WarpOptions = {},
): Float32Array {
  const chans = channels ?? Array.from({ length: src.channels }, (_, i) => i);
  const shrink = Math.floor(affineScale(toSource));
  if (shrink >= 2) {
    const pre = boxPrefilter(src, toSource, width, height, chans, shrink);
    return warpAffine(pre.image, pre.toSource, width, height, { border, fill, only, region });
  }
  const nc = chans.length;
  const ox = region?.x ?? 0;
  const oy = region?.y ?? 0;
  const ow = region?.width ?? width;
  const oh = region?.height ?? height;
  const out = new Float32Array(ow * oh * nc);
  if (fill !== 0) out.fill(fill);
  const { data, width: sw, height: sh, channels: sc } = src;
  const [a, b, c, d, e, f] = toSource;
  // Source pixels covered by one output pixel, per axis; > 1 means the warp shrinks.
  const step = affineScale(toSource);
  const n = step > 1.25 ? 2 : 1;
  const acc = new Float64Array(nc);
  const maxX = sw - 1;
  const maxY = sh - 1;
  const rowStride = sw * sc;
  for (let ry = Math.max(0, -oy); ry < Math.min(oh, height - oy); ry++) {
    const y = oy + ry;
    for (let rx = Math.max(0, -ox); rx < Math.min(ow, width - ox); rx++) {
      const x = ox + rx;
      const o = (ry * ow + rx) * nc;
      const cx = a * x + b * y + c;
      const cy = d * x + e * y + f;
      const outside = cx < -0.5 || cy < -0.5 || cx > sw - 0.5 || cy > sh - 0.5;
      if ((border === 'fill' && outside) || (only && only[ry * ow + rx]! <= 0)) continue;
      if (n === 1) {
        // Catmull-Rom (Keys, a = -0.5): interpolating, sharp, small overshoot.
        const x0 = Math.floor(cx);
        const y0 = Math.floor(cy);
        const tx = cx - x0, tx2 = tx * tx, tx3 = tx2 * tx; // prettier-ignore
        const ty = cy - y0, ty2 = ty * ty, ty3 = ty2 * ty; // prettier-ignore
        const wx0 = -0.5 * tx3 + tx2 - 0.5 * tx;
        const wx1 = 1.5 * tx3 - 2.5 * tx2 + 1;
        const wx2 = -1.5 * tx3 + 2 * tx2 + 0.5 * tx;
        const wx3 = 0.5 * tx3 - 0.5 * tx2;
        const wy0 = -0.5 * ty3 + ty2 - 0.5 * ty;
        const wy1 = 1.5 * ty3 - 2.5 * ty2 + 1;
        const wy2 = -1.5 * ty3 + 2 * ty2 + 0.5 * ty;
        const wy3 = 0.5 * ty3 - 0.5 * ty2;
        let c0, c1, c2, c3, r0, r1, r2, r3; // prettier-ignore
        if (x0 >= 1 && y0 >= 1 && x0 + 2 <= maxX && y0 + 2 <= maxY) {
          c0 = (x0 - 1) * sc;
          c1 = c0 + sc;
          c2 = c1 + sc;
          c3 = c2 + sc;
          r0 = (y0 - 1) * rowStride;
          r1 = r0 + rowStride;
          r2 = r1 + rowStride;
          r3 = r2 + rowStride;
        } else {
          c0 = clampInt(x0 - 1, maxX) * sc;
          c1 = clampInt(x0, maxX) * sc;
          c2 = clampInt(x0 + 1, maxX) * sc;
          c3 = clampInt(x0 + 2, maxX) * sc;
          r0 = clampInt(y0 - 1, maxY) * rowStride;
          r1 = clampInt(y0, maxY) * rowStride;
          r2 = clampInt(y0 + 1, maxY) * rowStride;
          r3 = clampInt(y0 + 2, maxY) * rowStride;
        }
        for (let k = 0; k < nc; k++) {
          const ch = chans[k]!;
          // +0 first, as an accumulator: -0 products must not leave a -0.
          let v = addRow(0, data, r0 + ch, wy0, c0, c1, c2, c3, wx0, wx1, wx2, wx3);
          v = addRow(v, data, r1 + ch, wy1, c0, c1, c2, c3, wx0, wx1, wx2, wx3);
          v = addRow(v, data, r2 + ch, wy2, c0, c1, c2, c3, wx0, wx1, wx2, wx3);
          out[o + k] = addRow(v, data, r3 + ch, wy3, c0, c1, c2, c3, wx0, wx1, wx2, wx3);
        }
        continue;
      }
      acc.fill(0);
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const ox = (si + 0.5) / n - 0.5;
          const oy = (sj + 0.5) / n - 0.5;
          const px = Math.min(Math.max(cx + a * ox + b * oy, 0), maxX);
          const py = Math.min(Math.max(cy + d * ox + e * oy, 0), maxY);
          const x0 = Math.min(Math.floor(px), maxX - 1 < 0 ? 0 : maxX - 1);
          const y0 = Math.min(Math.floor(py), maxY - 1 < 0 ? 0 : maxY - 1);
          const tx = px - x0;
          const ty = py - y0;
          const x1 = Math.min(x0 + 1, maxX);
          const y1 = Math.min(y0 + 1, maxY);
          const p00 = (y0 * sw + x0) * sc;
          const p10 = (y0 * sw + x1) * sc;
          const p01 = (y1 * sw + x0) * sc;
          const p11 = (y1 * sw + x1) * sc;
          for (let k = 0; k < nc; k++) {
            const ch = chans[k]!;
            acc[k]! +=
              (1 - ty) * ((1 - tx) * data[p00 + ch]! + tx * data[p10 + ch]!) +
              ty * ((1 - tx) * data[p01 + ch]! + tx * data[p11 + ch]!);
          }
        }
      }
      const inv = 1 / (n * n);
      for (let k = 0; k < nc; k++) out[o + k] = acc[k]! * inv;
    }
  }
  return out;
}
