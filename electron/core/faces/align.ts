/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * Face alignment to the canonical 240x200 (HxW) crop, and its inverse. One code path for
 * training crops (scripts/data-prepare.ts) and inference, so both see identical framing.
 */
import type { RgbaImage } from '../image/rgba.js';
import { type Affine, applyAffine, fitSimilarity, invertAffine } from './affine.js';
import { alignmentAnchors, type Point } from './landmarks.js';
import { type PixelArray, type PixelImage, type Rect, warpAffine } from './warp.js';

export const CROP_WIDTH = 200;
export const CROP_HEIGHT = 240;

/**
 * Where the five anchors land in the crop (right eye, left eye, nose tip, right and left mouth
 * corner; the subject's right eye is on the image's left). The proportions are ArcFace's
 * 5-point template, scaled to an inter-ocular distance of 64 px with the eye line at y = 100:
 * the whole face, chin and some hair fit, as in the paper's aligned 240x200 faces.
 */
export const CROP_TEMPLATE: readonly Point[] = [
  [68, 100],
  [132, 100],
  [100, 136.5],
  [74, 174],
  [126, 174],
];

/** The 2x3 similarity mapping photo pixels to crop pixels for a face's 478 landmarks. */
export function alignmentMatrix(landmarks: ArrayLike<number>): Affine {
  return fitSimilarity(alignmentAnchors(landmarks), CROP_TEMPLATE);
}

/** Anything with an alignment matrix (a DetectedFace qualifies). */
export interface Aligned {
  alignment: Affine;
}

export interface AlignedCrop<T extends PixelArray = PixelArray> {
  /** 240x200, 3 channels (RGB) or 1 for single-channel input. */
  crop: PixelImage<T>;
  /** Photo pixels -> crop pixels. */
  matrix: Affine;
}

function asPixelImage(image: RgbaImage | PixelImage): PixelImage {
  return 'channels' in image ? image : { ...image, channels: 4 };
}

/**
 * Cuts the aligned 240x200 crop of `face` out of `image`. 8-bit input gives a Uint8Array crop;
 * 16-bit or float input gives a Float32Array in the input's own value scale (so the pipeline
 * can align 16-bit data without losing precision). Alpha is dropped.
 */
export interface AlignOptions {
  /** A 240x200 weight: crop pixels where it is <= 0 are not sampled and read 0. */
  only?: Float32Array;
}

export function alignFace(
  image: RgbaImage | PixelImage<Uint8Array | Uint8ClampedArray>,
  face: Aligned,
  opts?: AlignOptions,
): AlignedCrop<Uint8Array>;
export function alignFace(
  image: PixelImage<Uint16Array | Float32Array | Float64Array>,
  face: Aligned,
  opts?: AlignOptions,
): AlignedCrop<Float32Array>;
export function alignFace(
  image: RgbaImage | PixelImage,
  face: Aligned,
  opts?: AlignOptions,
): AlignedCrop;
export function alignFace(
  image: RgbaImage | PixelImage,
  face: Aligned,
  { only }: AlignOptions = {},
): AlignedCrop {
  const src = asPixelImage(image);
  const channels = src.channels >= 3 ? [0, 1, 2] : [0];
  const matrix = face.alignment;
  const values = warpAffine(src, invertAffine(matrix), CROP_WIDTH, CROP_HEIGHT, { channels, only });
  const is8bit = src.data instanceof Uint8Array || src.data instanceof Uint8ClampedArray;
  let data: Uint8Array | Float32Array = values;
  if (is8bit) {
    // Bicubic overshoot is clamped (a Uint8Array would wrap out-of-range values). Written
    // through a plain Uint8Array local: a store through the union type is much slower.
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = Math.round(values[i]!);
      bytes[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    data = bytes;
  }
  return {
    crop: { data, width: CROP_WIDTH, height: CROP_HEIGHT, channels: channels.length },
    matrix,
  };
}

/** A warped patch of a photo: pixels [x, x+width) x [y, y+height), `channels` per pixel. */
export interface PhotoPatch {
  x: number;
  y: number;
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

/** The photo-pixel rectangle a crop covers, clipped to the photo (null when fully outside). */
export function cropFootprint(
  matrix: Affine,
  photo: { width: number; height: number },
): { x: number; y: number; width: number; height: number } | null {
  const inv = invertAffine(matrix);
  const corners = [
    applyAffine(inv, -0.5, -0.5),
    applyAffine(inv, CROP_WIDTH - 0.5, -0.5),
    applyAffine(inv, -0.5, CROP_HEIGHT - 0.5),
    applyAffine(inv, CROP_WIDTH - 0.5, CROP_HEIGHT - 0.5),
  ];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1]))));
  const x1 = Math.min(photo.width, Math.ceil(Math.max(...corners.map((p) => p[0]))) + 1);
  const y1 = Math.min(photo.height, Math.ceil(Math.max(...corners.map((p) => p[1]))) + 1);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The inverse of alignFace: resamples a (restored) crop back into photo geometry. Returns the
 * patch covering the crop's footprint, or only the part of it inside `region` (photo pixels);
 * pixels outside the crop read `fill` (default 0), and so do pixels where `only` (a weight the
 * size of the returned patch, e.g. the warped mask) is <= 0.
 */
export function warpCropToPhoto(
  crop: PixelImage,
  matrix: Affine,
  photo: { width: number; height: number },
  { fill = 0, only, region }: { fill?: number; only?: Float32Array; region?: Rect } = {},
): PhotoPatch | null {
  const area = cropFootprint(matrix, photo);
  if (!area) return null;
  const [a, b, c, d, e, f] = matrix;
  // Patch pixel (x, y) is photo pixel (x + area.x, y + area.y), for a region as for the whole
  // footprint: the same coordinates give the same samples.
  const toCrop: Affine = [a, b, a * area.x + b * area.y + c, d, e, d * area.x + e * area.y + f];
  let part: Rect = { x: 0, y: 0, width: area.width, height: area.height };
  if (region) {
    const x0 = Math.max(region.x - area.x, 0);
    const y0 = Math.max(region.y - area.y, 0);
    const x1 = Math.min(region.x + region.width - area.x, area.width);
    const y1 = Math.min(region.y + region.height - area.y, area.height);
    if (x1 <= x0 || y1 <= y0) return null;
    part = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }
  const data = warpAffine(crop, toCrop, area.width, area.height, {
    border: 'fill',
    fill,
    region: part,
    only,
  });
  return {
    x: area.x + part.x,
    y: area.y + part.y,
    width: part.width,
    height: part.height,
    channels: crop.channels,
    data,
  };
}
