/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * Seamless paste-back of a restored 240x200 crop into the full-resolution photo: the feathered
 * face-oval mask, low-frequency colour/brightness matched to the original face, grain matched
 * to the photo, and grayscale or toned (sepia) photos kept exactly on their tone curve.
 */
import { assertRgbaImage, type RgbaImage } from '../image/rgba.js';
import type { Affine } from './affine.js';
import { alignFace, CROP_HEIGHT, CROP_WIDTH, warpCropToPhoto } from './align.js';
import { faceMask, gaussianBlur } from './mask.js';
import { mulberry32 } from '../random.js';
import type { PixelImage } from './warp.js';

export interface PasteBackOptions {
  /** Mask feather in crop pixels (see faceMask). */
  feather?: number;
  /** Match the photo's grain/noise level (default true). */
  matchGrain?: boolean;
  /** Seed for the grain, so results are reproducible (default 1). */
  seed?: number;
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
  for (let i = 0; i < n; i += step) {
    const r = data[4 * i]!, g = data[4 * i + 1]!, b = data[4 * i + 2]!; // prettier-ignore
    if (r !== g || g !== b) gray = false;
    const y = Math.round(luma(r, g, b));
    sum[3 * y]! += r;
    sum[3 * y + 1]! += g;
    sum[3 * y + 2]! += b;
    count[y]!++; // prettier-ignore
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
  let samples = 0;
  for (let i = 0; i < n; i += step) {
    const r = data[4 * i]!, g = data[4 * i + 1]!, b = data[4 * i + 2]!; // prettier-ignore
    const y = Math.round(luma(r, g, b));
    err += (r - lut[3 * y]!) ** 2 + (g - lut[3 * y + 1]!) ** 2 + (b - lut[3 * y + 2]!) ** 2;
    samples++;
  }
  // Within ~3 levels per channel of a tone curve: a toned monochrome print, not a colour photo.
  return Math.sqrt(err / (3 * samples)) < 3 ? { kind: 'toned', lut } : { kind: 'colour' };
}

/** Noise sigma of a luminance patch, from the mean |Laplacian-like| response (Immerkaer 1996). */
function noiseSigma(
  values: Float32Array,
  width: number,
  height: number,
  weight: Float32Array,
): number {
  let acc = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (weight[i]! < 0.5) continue;
      const up = i - width;
      const down = i + width;
      const r =
        values[up - 1]! - 2 * values[up]! + values[up + 1]! +
        -2 * values[i - 1]! + 4 * values[i]! - 2 * values[i + 1]! +
        values[down - 1]! - 2 * values[down]! + values[down + 1]!; // prettier-ignore
      acc += Math.abs(r);
      count++;
    }
  }
  return count === 0 ? 0 : (Math.sqrt(Math.PI / 2) / 6) * (acc / count);
}

/** Box-Muller normals from the seeded PRNG: reproducible grain. */
function normals(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Returns a copy of `photo` with `restoredCrop` (240x200 RGB: Uint8Array 0..255, or
 * Float32Array in [0, 1] as the ONNX models produce) pasted over `face`.
 */
export function pasteBack(
  photo: RgbaImage,
  restoredCrop: PixelImage<Uint8Array | Float32Array>,
  face: { landmarks: ArrayLike<number>; alignment: Affine },
  { feather, matchGrain = true, seed = 1 }: PasteBackOptions = {},
  tone: ToneMode = detectToneMode(photo),
): RgbaImage {
  assertRgbaImage(photo, 'photo');
  const { width: cw, height: ch, channels } = restoredCrop;
  if (
    cw !== CROP_WIDTH ||
    ch !== CROP_HEIGHT ||
    channels !== 3 ||
    restoredCrop.data.length !== cw * ch * 3
  ) {
    throw new RangeError(
      `restoredCrop: expected ${CROP_WIDTH}x${CROP_HEIGHT}x3, got ${cw}x${ch}x${channels}`,
    );
  }
  const out: RgbaImage = {
    data: new Uint8ClampedArray(photo.data),
    width: photo.width,
    height: photo.height,
  };
  const n = cw * ch;
  const scale = restoredCrop.data instanceof Float32Array ? 255 : 1;

  // Colour/brightness: add the mask-weighted low-frequency difference between the original
  // face and the restored one, in crop space (inter-ocular 64 px there, so one blur width).
  const original = alignFace(photo, face).crop.data;
  const mask = faceMask(face, { feather }).data;
  const weight = Float32Array.from(mask);
  gaussianBlur(weight, cw, ch, COLOUR_SIGMA);
  const rgb = new Float32Array(n * 3);
  const diff = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) {
      diff[i] = mask[i]! * (original[3 * i + c]! - scale * restoredCrop.data[3 * i + c]!);
    }
    gaussianBlur(diff, cw, ch, COLOUR_SIGMA);
    for (let i = 0; i < n; i++) {
      const drift = weight[i]! > 1e-4 ? diff[i]! / weight[i]! : 0;
      rgb[3 * i + c] = scale * restoredCrop.data[3 * i + c]! + drift;
    }
  }
  // The mask first: the colour warp then samples only where the mask is non-zero.
  const maskPatch = warpCropToPhoto(
    { data: mask, width: cw, height: ch, channels: 1 },
    face.alignment,
    photo,
  );
  if (!maskPatch) return out;
  const m = maskPatch.data;
  const patch = warpCropToPhoto(
    { data: rgb, width: cw, height: ch, channels: 3 },
    face.alignment,
    photo,
    {
      only: m,
    },
  )!;
  const { x: px, y: py, width: w, height: h } = patch;
  const fixed = patch.data;
  const orig = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const s = ((py + y) * photo.width + px + x) * 4;
      for (let c = 0; c < 3; c++) orig[3 * i + c] = photo.data[s + c]!;
    }
  }

  // Grain: add what the restored face lacks compared with the original, on luminance only.
  if (matchGrain) {
    const lumOf = (rgb: Float32Array) => {
      const l = new Float32Array(w * h);
      for (let i = 0; i < l.length; i++) l[i] = luma(rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!);
      return l;
    };
    const target = noiseSigma(lumOf(orig), w, h, m);
    const have = noiseSigma(lumOf(fixed), w, h, m);
    if (target > have) {
      const amount = Math.sqrt(target * target - have * have);
      const normal = normals(seed);
      for (let i = 0; i < w * h; i++) {
        if (m[i]! <= 0) continue;
        const g = amount * normal();
        for (let c = 0; c < 3; c++) fixed[3 * i + c]! += g;
      }
    }
  }

  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const a = m[i]!;
      if (a <= 0) continue;
      let r = fixed[3 * i]!, g = fixed[3 * i + 1]!, b = fixed[3 * i + 2]!; // prettier-ignore
      if (tone.kind !== 'colour') {
        // Keep the photo's tone: restored luminance, the photo's colour for that luminance.
        const yv = Math.min(255, Math.max(0, Math.round(luma(r, g, b))));
        if (tone.kind === 'gray') r = g = b = yv;
        else [r, g, b] = [tone.lut[3 * yv]!, tone.lut[3 * yv + 1]!, tone.lut[3 * yv + 2]!];
      }
      const s = ((py + y) * photo.width + px + x) * 4;
      const o = 3 * i;
      // Gray stays exactly gray: the same blend of equal channels.
      out.data[s] = Math.round(orig[o]! + a * (r - orig[o]!));
      out.data[s + 1] = Math.round(orig[o + 1]! + a * (g - orig[o + 1]!));
      out.data[s + 2] = Math.round(orig[o + 2]! + a * (b - orig[o + 2]!));
    }
  }
  return out;
}
