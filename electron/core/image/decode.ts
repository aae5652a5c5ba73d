/**
 * Full-fidelity decode of a photo for restoration: sharp reads JPEG, PNG, WebP, TIFF (8/16 bit),
 * GIF and AVIF/HEIF; the EXIF orientation is applied and the embedded ICC profile converted to
 * sRGB, so every later stage works on upright sRGB pixels. 16-bit sources also keep their own
 * 16-bit samples for the encoder; the 8-bit RGBA copy feeds face detection, alignment and
 * paste-back (faces module).
 */
import fs from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { PhotoError } from './errors.js';
import type { RgbaImage } from './rgba.js';

/** Default pixel limit: a 100 MP photo decodes to 400 MB of RGBA already. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'heif';

export interface SourceInfo {
  format: PhotoFormat;
  /** Bits per sample of the stored image (8 or 16). */
  bitDepth: 8 | 16;
  /** Stored colour space as libvips names it (srgb, rgb16, cmyk, b-w, grey16, ...). */
  space: string;
  hasAlpha: boolean;
  /** EXIF orientation 1..8 (1 when absent). */
  orientation: number;
  icc?: Buffer;
  exif?: Buffer;
  xmp?: Buffer;
  iptc?: Buffer;
  /** Frames in the file (animated GIF/WebP, multi-page TIFF); only the first is restored. */
  pages: number;
  /** JPEG chroma subsampling as sharp names it ('4:2:0', '4:4:4', ...); absent for other formats. */
  chromaSubsampling?: string;
}

export interface DecodedPhoto {
  file: string;
  /** The file's bytes, read once: hashed for the manifest and re-read by the encoder. */
  bytes: Buffer;
  /** Upright size (after orientation). */
  width: number;
  height: number;
  /** Upright 8-bit sRGB RGBA. */
  rgba8: RgbaImage;
  /**
   * For 16-bit sources, else undefined: upright RGBA in the source's own colour space, the
   * stored samples themselves for RGB (its ICC profile, sRGB when it has none; see
   * {@link isWideRgb}). For a profiled source they are not rgba8's colours scaled up: the
   * encoder writes them back without a colour transform, and a change made to rgba8 is
   * converted into the profile before it is added to them (restorePhoto).
   */
  rgba16?: Uint16Array;
  source: SourceInfo;
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this (default {@link DEFAULT_MAX_PIXELS}). */
  maxPixels?: number;
}

const FORMATS: readonly PhotoFormat[] = ['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif'];

/** Reads the header only: format, size and metadata, with per-file errors. */
async function readHeader(file: string, bytes: Buffer, maxPixels: number) {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new PhotoError(
      'not-an-image',
      file,
      `not a readable image (${(cause as Error).message}). Use a JPEG, PNG, WebP, TIFF, GIF, AVIF or HEIF file.`,
      { cause },
    );
  }
  const format = meta.format as PhotoFormat;
  if (!FORMATS.includes(format)) {
    throw new PhotoError(
      'unsupported',
      file,
      `format "${meta.format}" is not supported for restoration.`,
    );
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > maxPixels) {
    throw new PhotoError(
      'too-large',
      file,
      `${width}x${height} = ${((width * height) / 1e6).toFixed(1)} MP is over the limit of ${(maxPixels / 1e6).toFixed(0)} MP; downscale it or raise the pixel limit.`,
    );
  }
  return { meta, format };
}

/**
 * A 16-bit RGB source with an embedded profile: the case where sharp's own colour handling
 * works in Display P3 rather than sRGB (its 16-bit working space), which decode and encode
 * must step around. Grey, CMYK and 8-bit sources are converted through sRGB.
 */
export function isWideRgb(source: { space?: string; icc?: Buffer }): boolean {
  return source.space === 'rgb16' && source.icc !== undefined;
}

/** Decodes `file` for restoration; every failure is a {@link PhotoError} naming the file. */
export async function decodePhoto(
  file: string,
  { maxPixels = DEFAULT_MAX_PIXELS }: DecodeOptions = {},
): Promise<DecodedPhoto> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new PhotoError(
      'unreadable',
      file,
      `cannot be read (${code}); check that it exists and is readable.`,
      { cause },
    );
  }
  if (bytes.length === 0) throw new PhotoError('empty', file, 'the file is empty (0 bytes).');
  const { meta, format } = await readHeader(file, bytes, maxPixels);
  const bitDepth = meta.depth === 'ushort' ? 16 : 8;
  // failOn 'error': truncated or corrupt data is refused instead of decoded as grey blocks.
  const open = () => sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
  try {
    let narrow = open();
    // sharp imports a 16-bit RGB source's profile into Display P3, its 16-bit working space, and
    // toColourspace('srgb') then only rescales: the pixels stayed P3 (up to 82 levels off sRGB
    // on the Adobe RGB TIFF in the shared photos). Naming sRGB as the output profile converts
    // them on (one 8-bit transform, within 4 levels of a float reference and of littlecms'
    // own 8-bit route through Pillow). 8-bit sources are already imported into sRGB.
    if (isWideRgb(meta)) narrow = narrow.withIccProfile('srgb');
    const rgba8 = await narrow
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    let rgba16: Uint16Array | undefined;
    if (bitDepth === 16) {
      let wide16 = open().pipelineColourspace('rgb16');
      // A profiled RGB source keeps its stored samples, untouched by any colour transform
      // (keepIccProfile: no import), so the encoder writes them back bit for bit with the
      // original's profile wherever nothing was restored. Converting them into a working space
      // clipped every colour outside it (Adobe RGB greens outside P3 came back up to 3949 of
      // 65535 off).
      if (isWideRgb(meta)) wide16 = wide16.keepIccProfile();
      const wide = await wide16
        .toColourspace('rgb16')
        .ensureAlpha()
        .raw({ depth: 'ushort' })
        .toBuffer();
      rgba16 = new Uint16Array(wide.buffer, wide.byteOffset, wide.length / 2);
    }
    const { width, height } = rgba8.info;
    return {
      file,
      bytes,
      width,
      height,
      rgba8: {
        data: new Uint8ClampedArray(rgba8.data.buffer, rgba8.data.byteOffset, rgba8.data.length),
        width,
        height,
      },
      ...(rgba16 ? { rgba16 } : {}),
      source: {
        format,
        bitDepth,
        space: meta.space ?? 'srgb',
        hasAlpha: meta.hasAlpha ?? false,
        orientation: meta.orientation ?? 1,
        ...(meta.icc ? { icc: meta.icc } : {}),
        ...(meta.exif ? { exif: meta.exif } : {}),
        ...(meta.xmp ? { xmp: meta.xmp } : {}),
        ...(meta.iptc ? { iptc: meta.iptc } : {}),
        pages: meta.pages ?? 1,
        ...(meta.chromaSubsampling ? { chromaSubsampling: meta.chromaSubsampling } : {}),
      },
    };
  } catch (cause) {
    const message = (cause as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new PhotoError('too-large', file, `over the pixel limit of ${maxPixels} pixels.`, {
        cause,
      });
    }
    throw new PhotoError(
      'corrupt',
      file,
      `the image data is damaged or truncated (${message.split('\n')[0]}).`,
      { cause },
    );
  }
}
