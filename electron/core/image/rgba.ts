/**
 * The in-memory pixel format shared by the faces module and the image pipeline: 8-bit sRGB RGBA,
 * row-major, no padding. Full-fidelity decode (16-bit, ICC) lives elsewhere in core/image; this
 * file only defines the type and a small loader for detection, tests and data preparation.
 */
import sharp from 'sharp';

/** 8-bit RGBA pixels, `width * height * 4` bytes, row-major, top-left origin. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

export interface LoadRgbaOptions {
  /** Refuse images with more pixels than this (decompression bombs); default 100 MP. */
  maxPixels?: number;
}

/** Throws unless `image` is a well-formed RgbaImage; `name` says which argument was wrong. */
export function assertRgbaImage(image: RgbaImage, name = 'image'): void {
  if (image == null || typeof image !== 'object') {
    throw new TypeError(`${name}: expected an RgbaImage {data, width, height}, got ${image}`);
  }
  const { data, width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(
      `${name}: width and height must be positive integers, got ${width}x${height}`,
    );
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new TypeError(`${name}: data must be a Uint8Array or Uint8ClampedArray`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(
      `${name}: data has ${data.length} bytes, expected ${width}x${height}x4 = ${width * height * 4}`,
    );
  }
}

/**
 * Decodes `file` (a path or encoded bytes) to sRGB RGBA with the EXIF orientation applied, so
 * pixel (0,0) is the top-left corner as the photo is meant to be seen.
 */
export async function loadRgba(
  file: string | Buffer,
  { maxPixels = 100_000_000 }: LoadRgbaOptions = {},
): Promise<RgbaImage> {
  const what = typeof file === 'string' ? file : 'image buffer';
  try {
    const { data, info } = await sharp(file, { limitInputPixels: maxPixels })
      .rotate()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    throw new Error(
      `Could not decode ${what} as an image: ${(err as Error).message}. ` +
        'Use a JPEG, PNG, WebP, TIFF, GIF or AVIF file.',
      { cause: err },
    );
  }
}
