/**
 * ICC profiles for sharp, which takes them by path, and the one colour conversion the pipeline
 * makes outside decode and encode: a change made in sRGB, carried into a 16-bit source's own
 * colour space (restorePhoto).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Runs `use` with `icc` written to a temporary file of its own, removed afterwards. Every
 * profile gets a new name: libvips caches profiles by file name, so a reused name could serve
 * another photo's profile.
 */
export async function withIccFile<T>(icc: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const file = path.join(os.tmpdir(), `face-deblur-${randomUUID()}.icc`);
  await fs.writeFile(file, icc);
  try {
    return await use(file);
  } finally {
    await fs.unlink(file).catch(() => undefined);
  }
}

/** Row length when a list of pixels is laid out as an image for libvips. */
const ROW = 4096;

/**
 * 8-bit sRGB RGBA pixels (a list of any length, e.g. runs of a photo one after another) as the
 * 16-bit RGBA code values of the profile `icc` (alpha scaled, not converted). sharp takes raw
 * input as sRGB and converts it into the output profile; colours outside that profile's gamut
 * are clipped as any conversion clips them.
 */
export async function srgbToProfile16(rgba: Uint8Array, icc: Buffer): Promise<Uint16Array> {
  const pixels = rgba.length / 4;
  if (pixels === 0) return new Uint16Array(0);
  const width = Math.min(pixels, ROW);
  const height = Math.ceil(pixels / width);
  const image = Buffer.alloc(width * height * 4);
  image.set(rgba);
  const wide = await withIccFile(icc, (file) =>
    sharp(image, { raw: { width, height, channels: 4 } })
      .withIccProfile(file)
      .toColourspace('rgb16')
      .raw({ depth: 'ushort' })
      .toBuffer(),
  );
  return new Uint16Array(wide.buffer, wide.byteOffset, pixels * 4);
}
