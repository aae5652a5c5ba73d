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
  // Eyes, nose and mouth: rows 80..200, columns 50..150 of the canonical crop.
  let energy = 0;
  let count = 0;
  for (let y = 80; y < 200; y++) {
    for (let x = 50; x < 150; x++) {
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
