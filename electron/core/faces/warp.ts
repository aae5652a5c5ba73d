/**
 * Affine resampling of images of any channel count and sample type (8-bit RGBA photos, 16-bit or
 * float pipeline data, float masks). Bicubic (Catmull-Rom) where the output is at least as
 * dense as the source; box-averaged bilinear supersampling where it shrinks the source, so
 * aligned crops of large faces do not alias.
 */
import { warpAffineSync } from '../../../native/index.js';
import type { Affine } from './affine.js';

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
 * Resamples `src` into a `width` x `height` Float32Array (same value scale as the source) where
 * output pixel (x, y) takes the source at `toSource`(x, y); pixel centres sit at integer
 * coordinates in both images. With `region`, the array holds that rectangle only.
 *
 * The pixel work is the native addon's (native/src/warp.cpp): bicubic (Catmull-Rom) where the
 * output is at least as dense as the source; where it shrinks by more than 1.25, 2x2 bilinear
 * supersampling, after box-averaging by the integer factor when that is 2 or more (one read per
 * source pixel instead of k*k samples per output). It was JavaScript, the bulk of alignment and
 * paste-back time; the C++ does the same arithmetic in the same order (same values).
 */
export function warpAffine(
  src: PixelImage,
  toSource: Affine,
  width: number,
  height: number,
  { channels, border = 'replicate', fill = 0, only, region }: WarpOptions = {},
): Float32Array {
  return warpAffineSync(src.data, src.width, src.height, src.channels, {
    toSource,
    width,
    height,
    sample: channels ?? Array.from({ length: src.channels }, (_, i) => i),
    fillOutside: border === 'fill',
    fill,
    only: only ?? null,
    region: region ?? { x: 0, y: 0, width, height },
  });
}
