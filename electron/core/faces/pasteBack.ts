/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * Seamless paste-back of a restored 240x200 crop into the full-resolution photo: the feathered
 * face-oval mask, low-frequency colour/brightness matched to the original face, grain matched
 * to the photo, and grayscale or toned (sepia) photos kept exactly on their tone curve.
 */
import { gaussianBlurSync, pasteRegionSync } from '../../../native/index.js';
import { assertRgbaImage, type RgbaImage } from '../image/rgba.js';
import { type Affine, affineScale, applyAffine, invertAffine } from './affine.js';
import { alignFace, CROP_HEIGHT, CROP_WIDTH, warpCropToPhoto } from './align.js';
import { faceMask } from './mask.js';
import type { PixelImage, Rect } from './warp.js';

export interface PasteBackOptions {
  /** Mask feather in crop pixels (see faceMask). */
  feather?: number;
  /** Match the photo's grain/noise level (default true). */
  matchGrain?: boolean;
  /** Seed for the grain, so results are reproducible (default 1). */
  seed?: number;
  /**
   * The face's 8-bit aligned crop (alignFace) of the photo before anything was pasted, when the
   * caller has it already: colour matching reads it instead of sampling the photo again.
   */
  originalCrop?: PixelImage<Uint8Array>;
}

/** How the photo's colours relate to its luminance. */
export type ToneMode = { kind: 'colour' } | { kind: 'gray' } | { kind: 'toned'; lut: Float32Array };

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

/** Blur width (crop pixels) separating colour drift from detail: about a third of the eye distance. */
const COLOUR_SIGMA = 22;

/**
 * Detects grayscale (every pixel r = g = b) and toned monochrome (sepia, cyanotype: colour is a
 * function of luminance) photos, from a sample of up to ~250k pixels.
 */
export function detectToneMode(photo: RgbaImage): ToneMode {
  const { data } = photo;
  const n = photo.width * photo.height;
  const step = Math.max(1, Math.floor(n / 250_000));
  let gray = true;
  const sum = new Float64Array(256 * 3);
  const count = new Float64Array(256);
  // The sampled pixels (r, g, b, luma bin), packed: the second pass reads them from this small
  // array instead of striding through the whole photo again.
  const packed = new Uint8Array(4 * Math.ceil(n / step));
  let end = 0;
  for (let i = 0; i < n; i += step, end += 4) {
    const r = data[4 * i]!, g = data[4 * i + 1]!, b = data[4 * i + 2]!; // prettier-ignore
    if (r !== g || g !== b) gray = false;
    const y = Math.round(luma(r, g, b));
    sum[3 * y]! += r;
    sum[3 * y + 1]! += g;
    sum[3 * y + 2]! += b;
    count[y]!++; // prettier-ignore
    packed[end] = r;
    packed[end + 1] = g;
    packed[end + 2] = b;
    packed[end + 3] = y;
  }
  if (gray) return { kind: 'gray' };
  const lut = new Float32Array(256 * 3);
  const known = [...count.keys()].filter((y) => count[y]! > 0);
  for (let y = 0; y < 256; y++) {
    // Empty bins interpolate between the nearest filled ones.
    const hi = known.find((k) => k >= y) ?? known[known.length - 1]!;
    const lo = [...known].reverse().find((k) => k <= y) ?? known[0]!;
    const t = hi === lo ? 0 : (y - lo) / (hi - lo);
    for (let c = 0; c < 3; c++) {
      lut[3 * y + c] =
        (1 - t) * (sum[3 * lo + c]! / count[lo]!) + t * (sum[3 * hi + c]! / count[hi]!);
    }
  }
  let err = 0;
  for (let k = 0; k < end; k += 4) {
    const y = 3 * packed[k + 3]!;
    err +=
      (packed[k]! - lut[y]!) ** 2 +
      (packed[k + 1]! - lut[y + 1]!) ** 2 +
      (packed[k + 2]! - lut[y + 2]!) ** 2;
  }
  // Within ~3 levels per channel of a tone curve: a toned monochrome print, not a colour photo.
  return Math.sqrt(err / ((3 * end) / 4)) < 3 ? { kind: 'toned', lut } : { kind: 'colour' };
}

/**
 * The photo pixels where the warped face mask can be non-zero: the box around the mask's
 * support in the crop, grown by the warp's reach (bicubic taps, supersampling and box
 * prefilter of small faces), mapped to the photo. Everything outside reads exactly 0, so
 * paste-back works on this rectangle only instead of the crop's whole footprint.
 */
function maskRegion(mask: Float32Array, matrix: Affine): Rect | null {
  let x0 = CROP_WIDTH, y0 = CROP_HEIGHT, x1 = -1, y1 = -1; // prettier-ignore
  for (let y = 0; y < CROP_HEIGHT; y++) {
    const row = y * CROP_WIDTH;
    for (let x = 0; x < CROP_WIDTH; x++) {
      if (mask[row + x]! <= 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return null;
  // Crop pixels per photo pixel: the warp samples up to ~4 of those (or prefilter blocks)
  // around each photo pixel.
  const reach = 4 + 4 * Math.max(1, Math.ceil(affineScale(matrix)));
  const inv = invertAffine(matrix);
  const corners = [
    applyAffine(inv, x0 - reach, y0 - reach),
    applyAffine(inv, x1 + reach, y0 - reach),
    applyAffine(inv, x0 - reach, y1 + reach),
    applyAffine(inv, x1 + reach, y1 + reach),
  ];
  const left = Math.floor(Math.min(...corners.map((p) => p[0]))) - 1;
  const top = Math.floor(Math.min(...corners.map((p) => p[1]))) - 1;
  const right = Math.ceil(Math.max(...corners.map((p) => p[0]))) + 2;
  const bottom = Math.ceil(Math.max(...corners.map((p) => p[1]))) + 2;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function assertCrop(crop: PixelImage, name: string): void {
  const { width: cw, height: ch, channels } = crop;
  if (
    cw !== CROP_WIDTH ||
    ch !== CROP_HEIGHT ||
    channels !== 3 ||
    crop.data.length !== cw * ch * 3
  ) {
    throw new RangeError(
      `${name}: expected ${CROP_WIDTH}x${CROP_HEIGHT}x3, got ${cw}x${ch}x${channels}`,
    );
  }
}

/**
 * Returns a copy of `photo` with `restoredCrop` (240x200 RGB: Uint8Array 0..255, or
 * Float32Array in [0, 1] as the ONNX models produce) pasted over `face`.
 */
export function pasteBack(
  photo: RgbaImage,
  restoredCrop: PixelImage<Uint8Array | Float32Array>,
  face: { landmarks: ArrayLike<number>; alignment: Affine },
  options: PasteBackOptions = {},
  tone?: ToneMode,
): RgbaImage {
  assertRgbaImage(photo, 'photo');
  assertCrop(restoredCrop, 'restoredCrop');
  const out: RgbaImage = {
    data: new Uint8ClampedArray(photo.data),
    width: photo.width,
    height: photo.height,
  };
  pasteBackInto(out, restoredCrop, face, options, tone ?? detectToneMode(photo));
  return out;
}

/**
 * pasteBack writing into `canvas` itself, for pasting several faces into one photo: the copy of
 * a 12 MP frame (48 MB, mostly page faults) costs more than the paste itself.
 */
export function pasteBackInto(
  canvas: RgbaImage,
  restoredCrop: PixelImage<Uint8Array | Float32Array>,
  face: { landmarks: ArrayLike<number>; alignment: Affine },
  { feather, matchGrain = true, seed = 1, originalCrop }: PasteBackOptions = {},
  tone?: ToneMode,
): void {
  assertRgbaImage(canvas, 'canvas');
  assertCrop(restoredCrop, 'restoredCrop');
  if (originalCrop) assertCrop(originalCrop, 'originalCrop');
  const toneMode = tone ?? detectToneMode(canvas);
  const cw = CROP_WIDTH;
  const ch = CROP_HEIGHT;
  const n = cw * ch;
  const crop = restoredCrop.data;
  const scale = crop instanceof Float32Array ? 255 : 1;

  // Colour/brightness: add the mask-weighted low-frequency difference between the original
  // face and the restored one, in crop space (inter-ocular 64 px there, so one blur width).
  // The original is only sampled under the mask: elsewhere its difference is weighted by 0.
  const mask = faceMask(face, { feather }).data;
  const original = (originalCrop ?? alignFace(canvas, face, { only: mask }).crop).data;
  const weight = Float32Array.from(mask);
  gaussianBlurSync(weight, cw, ch, COLOUR_SIGMA);
  // The colour-corrected crop and the mask as one 4-channel image: one warp computes both
  // (the taps and weights are shared; the mask no longer needs a pass of its own).
  const rgbm = new Float32Array(n * 4);
  const diff = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) {
      diff[i] = mask[i]! * (original[3 * i + c]! - scale * crop[3 * i + c]!);
    }
    gaussianBlurSync(diff, cw, ch, COLOUR_SIGMA);
    for (let i = 0; i < n; i++) {
      const drift = weight[i]! > 1e-4 ? diff[i]! / weight[i]! : 0;
      rgbm[4 * i + c] = scale * crop[3 * i + c]! + drift;
    }
  }
  for (let i = 0; i < n; i++) rgbm[4 * i + 3] = mask[i]!;
  // Only where the mask can be non-zero.
  const region = maskRegion(mask, face.alignment);
  if (!region) return;
  const patch = warpCropToPhoto(
    { data: rgbm, width: cw, height: ch, channels: 4 },
    face.alignment,
    canvas,
    { region },
  );
  if (!patch) return;
  // Grain matching, tone and the masked blend, per photo pixel: the native addon.
  pasteRegionSync(canvas, patch.data, patch, {
    tone: toneMode,
    grain: matchGrain,
    seed: seed >>> 0,
  });
}
