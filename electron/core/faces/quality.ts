/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * A blur/quality score for a face the UI can show: gradient energy of the aligned crop's
 * luminance over the inner face, so it is comparable across faces of any size in the photo.
 */
import { CROP_HEIGHT, CROP_WIDTH } from './align.js';
import type { PixelImage } from './warp.js';

/** Gradient energy at which quality reads 0.5 (between a soft and a crisp aligned LFW face). */
const HALF_QUALITY_ENERGY = 4;

export interface FaceSharpness {
  /** Mean squared luminance gradient (x1000, luminance in [0, 1]) over the inner face. */
  sharpness: number;
  /** sharpness mapped to [0, 1): 0 = very blurred, towards 1 = crisp. */
  quality: number;
}

/** Eyes, nose and mouth: rows 80..200, columns 50..150 of the canonical crop. */
const ROWS = [80, 200] as const;
const COLUMNS = [50, 150] as const;

/**
 * The crop pixels faceSharpness reads (the inner face and its right/lower neighbours): pass it
 * as alignFace's `only` to sample just those, a quarter of the crop, for the same score.
 */
export const SHARPNESS_SUPPORT: Float32Array = (() => {
  const weight = new Float32Array(CROP_WIDTH * CROP_HEIGHT);
  for (let y = ROWS[0]; y <= ROWS[1]; y++) {
    weight.fill(1, y * CROP_WIDTH + COLUMNS[0], y * CROP_WIDTH + COLUMNS[1] + 1);
  }
  return weight;
})();

/** Scores an aligned crop (8-bit or float in `maxValue` scale, 1 or 3 channels). */
export function faceSharpness(crop: PixelImage, maxValue = 255): FaceSharpness {
  if (crop.width !== CROP_WIDTH || crop.height !== CROP_HEIGHT) {
    throw new RangeError(
      `faceSharpness: expected a ${CROP_WIDTH}x${CROP_HEIGHT} crop, got ${crop.width}x${crop.height}`,
    );
  }
  const { data, channels } = crop;
  const luma = (x: number, y: number) => {
    const p = (y * CROP_WIDTH + x) * channels;
    const v =
      channels >= 3 ? 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]! : data[p]!;
    return v / maxValue;
  };
  let energy = 0;
  let count = 0;
  for (let y = ROWS[0]; y < ROWS[1]; y++) {
    for (let x = COLUMNS[0]; x < COLUMNS[1]; x++) {
      const v = luma(x, y);
      const dh = luma(x + 1, y) - v;
      const dv = luma(x, y + 1) - v;
      energy += dh * dh + dv * dv;
      count++;
    }
  }
  const sharpness = (1000 * energy) / count;
  return { sharpness, quality: sharpness / (sharpness + HALF_QUALITY_ENERGY) };
}
