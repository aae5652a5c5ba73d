/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel loops index in bounds. */
/** Shared by the image tests (and the restoration's 16-bit test): provenance and stand-ins. */
import sharp from 'sharp';
import type { DecodedPhoto } from '../decode.js';
import type { Provenance } from '../provenance.js';

/** A provenance record for test outputs: no real models. */
export const TEST_PROVENANCE: Provenance = {
  software: 'face-deblur',
  version: '0.0.0-test',
  models: {},
  trainedModels: false,
  mode: 'faces',
  kernelSize: 'auto',
  strength: 0.5,
  faces: 1,
};

/** Stands in for a restoration that changed every pixel: the colours inverted. */
export function invertedRestoration(photo: DecodedPhoto): { rgba8: Uint8ClampedArray } {
  const rgba8 = new Uint8ClampedArray(photo.rgba8.data);
  for (let i = 0; i < rgba8.length; i++) if (i % 4 !== 3) rgba8[i] = 255 - rgba8[i]!;
  return { rgba8 };
}

/** Mean difference of a thumbnail from `rgba` (the photo's size) scaled down to its size. */
export async function thumbnailDistance(
  thumbnail: Buffer,
  rgba: Uint8Array | Uint8ClampedArray,
  photo: { width: number; height: number },
): Promise<number> {
  const { data, info } = await sharp(thumbnail).removeAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  const scaled = await sharp(rgba, {
    raw: { width: photo.width, height: photo.height, channels: 4 },
  })
    .resize(info.width, info.height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - scaled[i]!);
  return sum / data.length;
}
