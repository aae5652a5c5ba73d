/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * The feathered face mask used for paste-back: the landmark face oval (not a box), in crop
 * coordinates, going smoothly from 1 inside to 0 exactly at the oval.
 */
import { gaussianBlurSync } from '../../../native/index.js';
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
  gaussianBlurSync(data, CROP_WIDTH, CROP_HEIGHT, feather);
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
