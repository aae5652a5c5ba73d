/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * The feathered face mask used for paste-back: the landmark face oval (not a box), in crop
 * coordinates, going smoothly from 1 inside to 0 exactly at the oval.
 */
import { applyAffine, type Affine } from './affine.js';
import { CROP_HEIGHT, CROP_WIDTH } from './align.js';
import { FACE_OVAL, point, type Point } from './landmarks.js';
import type { PixelImage } from './warp.js';

export interface FaceMaskOptions {
  /** Feather width (Gaussian sigma) in crop pixels; default 6 (about 0.1 x inter-ocular). */
  feather?: number;
}

function fillPolygon(poly: readonly Point[], width: number, height: number): Float32Array {
  const mask = new Float32Array(width * height);
  const xs: number[] = [];
  for (let y = 0; y < height; y++) {
    xs.length = 0;
    for (let i = 0; i < poly.length; i++) {
      const [x0, y0] = poly[i]!;
      const [x1, y1] = poly[(i + 1) % poly.length]!;
      if ((y0 <= y && y1 > y) || (y1 <= y && y0 > y))
        xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]!));
      const to = Math.min(width - 1, Math.floor(xs[k + 1]!));
      for (let x = from; x <= to; x++) mask[y * width + x] = 1;
    }
  }
  return mask;
}

/**
 * Runs `blurLine` over every row, then every column, of a single-channel image in place. Each
 * line is copied into a buffer padded by `pad` replicated edge samples on both sides, so the
 * line filters index without clamping.
 */
function separable(
  values: Float32Array,
  width: number,
  height: number,
  pad: number,
  blurLine: (padded: Float32Array, length: number, out: Float32Array) => void,
): void {
  const padded = new Float32Array(Math.max(width, height) + 2 * pad);
  const out = new Float32Array(Math.max(width, height));
  const run = (start: number, step: number, length: number) => {
    const first = values[start]!;
    const last = values[start + (length - 1) * step]!;
    for (let k = 0; k < pad; k++) {
      padded[k] = first;
      padded[pad + length + k] = last;
    }
    for (let i = 0; i < length; i++) padded[pad + i] = values[start + i * step]!;
    blurLine(padded, length, out);
    for (let i = 0; i < length; i++) values[start + i * step] = out[i]!;
  };
  for (let y = 0; y < height; y++) run(y * width, 1, width);
  for (let x = 0; x < width; x++) run(x, width, height);
}

/**
 * In-place Gaussian blur of a single-channel image, edges replicated. Small sigmas use the exact
 * kernel; large ones (paste-back colour matching on big faces) three running-sum box passes,
 * which cost the same for any sigma.
 */
export function gaussianBlur(
  values: Float32Array,
  width: number,
  height: number,
  sigma: number,
): void {
  if (sigma <= 0) return;
  if (sigma <= 4) {
    const r = Math.ceil(3 * sigma);
    const kernel = Float32Array.from({ length: 2 * r + 1 }, (_, i) =>
      Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)),
    );
    const sum = kernel.reduce((p, q) => p + q, 0);
    // `padded[i + r]` is sample i of the line (edges replicated beyond it).
    separable(values, width, height, r, (padded, length, out) => {
      for (let i = 0; i < length; i++) {
        let acc = 0;
        for (let k = 0; k <= 2 * r; k++) acc += kernel[k]! * padded[i + k]!;
        out[i] = acc / sum;
      }
    });
    return;
  }
  // Three boxes of width 2r+1 have variance 3 ((2r+1)^2 - 1) / 12 = sigma^2.
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  const box = (padded: Float32Array, length: number, out: Float32Array) => {
    // Sample j of the line is padded[j + r + 1]: the window sum may reach r + 1 past the end.
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += padded[k + r + 1]!;
    for (let i = 0; i < length; i++) {
      out[i] = acc / (2 * r + 1);
      acc += padded[i + 2 * r + 2]! - padded[i + 1]!;
    }
  };
  for (let pass = 0; pass < 3; pass++) separable(values, width, height, r + 1, box);
}

/** 240x200 single-channel mask in [0, 1] for a face with landmarks and alignment matrix. */
export function faceMask(
  face: { landmarks: ArrayLike<number>; alignment: Affine },
  { feather = 6 }: FaceMaskOptions = {},
): PixelImage<Float32Array> {
  const oval = FACE_OVAL.map((i) => {
    const [x, y] = point(face.landmarks, i);
    return applyAffine(face.alignment, x, y);
  });
  const data = fillPolygon(oval, CROP_WIDTH, CROP_HEIGHT);
  gaussianBlur(data, CROP_WIDTH, CROP_HEIGHT, feather);
  // After the blur the oval edge reads 0.5; remap so the mask is 0 there and ~1 two sigmas in.
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, 2 * data[i]! - 1));
  // A turned face's oval can run past the crop; fade to 0 at the crop border so paste-back
  // never shows the crop's edge.
  const ramp = 2 * Math.max(1, feather);
  for (let y = 0; y < CROP_HEIGHT; y++) {
    for (let x = 0; x < CROP_WIDTH; x++) {
      const d = Math.min(x, y, CROP_WIDTH - 1 - x, CROP_HEIGHT - 1 - y);
      if (d < ramp) data[y * CROP_WIDTH + x]! *= d / ramp;
    }
  }
  return { data, width: CROP_WIDTH, height: CROP_HEIGHT, channels: 1 };
}
