/**
 * Encodes a restored photo with everything the original carried: same format and bit depth
 * (unless another format is asked for), the original ICC profile (the sRGB working pixels are
 * converted back into it), EXIF, IPTC and XMP, plus the provenance record in XMP.
 *
 * How: the output pipeline starts from the ORIGINAL file (so sharp keeps its EXIF/IPTC), turns it
 * upright, and replaces every pixel with the restored ones (`composite` with blend 'source'; of
 * the original's pixels only the first is read),
 * then converts sRGB back to the original profile on save. Because the orientation is applied,
 * the EXIF orientation is written as 1. Untagged lossless photos come back bit-exact outside the
 * restored faces; ICC-tagged ones within the precision of the colour transform.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { DecodedPhoto, PhotoFormat } from './decode.js';
import { type Provenance, xmpWithProvenance } from './provenance.js';

export type OutputFormat = 'same' | 'jpeg' | 'png' | 'tiff';

/** Restored pixels in the decoded photo's upright geometry (sRGB, RGBA). */
export interface RestoredPixels {
  rgba8: Uint8Array | Uint8ClampedArray;
  /** For 16-bit sources: the 16-bit result (written instead of rgba8). */
  rgba16?: Uint16Array;
}

export interface EncodeOptions {
  format?: OutputFormat;
  provenance: Provenance;
  /** JPEG/WebP quality (default 95: restoration output should not add visible artefacts). */
  quality?: number;
}

/** The file extension for an output format, given the source's. */
export function outputFormat(source: PhotoFormat, format: OutputFormat): PhotoFormat {
  if (format !== 'same') return format;
  // GIF is palette-limited and lossy for photos; write PNG instead.
  return source === 'gif' ? 'png' : source;
}

export const EXTENSIONS: Record<PhotoFormat, string> = {
  jpeg: '.jpg',
  png: '.png',
  webp: '.webp',
  tiff: '.tif',
  gif: '.gif',
  heif: '.avif',
};

/** Keeps the input's IPTC block: sharp has keepExif/keepXmp/keepIccProfile but no keepIptc. */
function keepIptc(pipeline: Sharp): Sharp {
  // Same bit keepMetadata() sets for IPTC (sharp lib/output: 0b00100). A test reads IPTC back.
  const options = (pipeline as unknown as { options: { keepMetadata: number } }).options;
  options.keepMetadata |= 0b00100;
  return pipeline;
}

/** Encodes `restored` as the output file's bytes. */
export async function encodePhoto(
  photo: DecodedPhoto,
  restored: RestoredPixels,
  { format = 'same', provenance, quality = 95 }: EncodeOptions,
): Promise<{ data: Buffer; format: PhotoFormat }> {
  const { source, width, height } = photo;
  const target = outputFormat(source.format, format);
  const wide = source.bitDepth === 16 && restored.rgba16 !== undefined && target !== 'jpeg';
  const pixels = wide ? restored.rgba16 : restored.rgba8;
  if (!pixels) throw new Error('encodePhoto: no restored pixels');
  let pipeline = sharp(photo.bytes, { limitInputPixels: false, pages: 1 });
  if (wide) pipeline = pipeline.pipelineColourspace('rgb16');
  pipeline = pipeline
    .rotate()
    // The original's pixels are all replaced: keep one of them, grown back to full size, so
    // libvips decodes (and colour-converts) only the first rows instead of the whole photo
    // again (a 12 MP JPEG: about a third of the encoder's time). Same output bytes.
    .extract({ left: 0, top: 0, width: 1, height: 1 })
    .extend({ right: width - 1, bottom: height - 1 })
    // sharp reads the sample depth from the typed array (Uint16Array = 16 bit); its .d.ts only
    // names Buffer.
    .composite([
      { input: pixels as unknown as Buffer, raw: { width, height, channels: 4 }, blend: 'source' },
    ])
    .keepExif()
    .withXmp(xmpWithProvenance(source.xmp, provenance));
  pipeline = keepIptc(pipeline);
  if (!source.hasAlpha) pipeline = pipeline.removeAlpha();

  // CMYK profiles only fit CMYK-capable formats; elsewhere the output stays sRGB.
  const cmyk = source.space === 'cmyk';
  let iccFile: string | undefined;
  if (source.icc && (!cmyk || target === 'jpeg' || target === 'tiff')) {
    // sharp takes profiles by path; libvips caches them by name, so every profile gets its own.
    iccFile = path.join(os.tmpdir(), `face-deblur-${randomUUID()}.icc`);
    await fs.writeFile(iccFile, source.icc);
    pipeline = pipeline.withIccProfile(iccFile);
  }
  const grey = source.space === 'b-w' || source.space === 'grey16';
  if (grey) pipeline = pipeline.toColourspace(wide ? 'grey16' : 'b-w');
  else if (wide) pipeline = pipeline.toColourspace('rgb16');

  try {
    switch (target) {
      case 'jpeg':
        // Full-resolution colour, except where the original JPEG had half-resolution colour
        // anyway: then the output keeps the original's 4:2:0 (half the encoder's time on a
        // 12 MP photo, a file size near the original's, and no chroma detail lost that the
        // original had).
        pipeline = pipeline.jpeg({
          quality,
          chromaSubsampling: source.chromaSubsampling === '4:2:0' ? '4:2:0' : '4:4:4',
        });
        break;
      case 'png':
        pipeline = pipeline.png({ compressionLevel: 6 });
        break;
      case 'webp':
        pipeline = pipeline.webp({ quality, lossless: false });
        break;
      case 'tiff':
        // sharp's default TIFF compression is JPEG (lossy, 8-bit): keep it lossless.
        pipeline = pipeline.tiff({ compression: 'deflate', predictor: 'horizontal' });
        break;
      case 'heif':
        pipeline = pipeline.avif({ quality });
        break;
      case 'gif':
        pipeline = pipeline.png();
        break;
    }
    return { data: await pipeline.toBuffer(), format: target };
  } finally {
    if (iccFile) await fs.unlink(iccFile).catch(() => undefined);
  }
}
