/**
 * Encodes a restored photo with everything the original carried: same format and bit depth
 * (unless another format is asked for), the original ICC profile (the sRGB working pixels are
 * converted back into it), EXIF, IPTC and XMP, plus the provenance record in XMP. The EXIF
 * orientation is written as 1: the pixels are written upright.
 *
 * Two ways to the same file:
 * - JPEG output ({@link encodeJpegDirect}, the common case) is encoded straight from the restored
 *   pixels; sharp converts them into the original's profile and writes the XMP and ICC segments,
 *   then the original's EXIF (orientation 1, pixel dimensions of the output and a thumbnail of
 *   the restored pixels in place of the original's: exifUpright.ts) and IPTC are spliced into
 *   the JPEG header (jpegSegments.ts), with a JFIF header for the density.
 *   The EXIF is the original's as it was; libvips' rewrite of it dropped tags libexif does not
 *   know (ProcessingSoftware, HostComputer) and added defaults (ExifVersion, ColorSpace,
 *   resolution), and invented a block for photos that had none, which now get none.
 * - Every other format ({@link encodeFromOriginal}), and JPEG metadata the splice cannot carry
 *   exactly (an EXIF block that is not a well-formed TIFF structure, IPTC that is not a
 *   Photoshop resource block, as TIFF sources have, CMYK output with no EXIF to hold its
 *   density), starts its sharp pipeline from the ORIGINAL
 *   file so that libvips keeps its EXIF/IPTC, turns it upright, and replaces every pixel with the
 *   restored ones (`composite` with blend 'source'). That re-reads the original: a whole decode
 *   for a progressive JPEG (the 1x1 extract does not help there) and a full-frame composite.
 *   Medians of 15 interleaved runs on this 2-core machine (under load): a 2048x1364
 *   progressive 4:4:4 JPEG 131 ms before, 23 ms now (sharp's plain raw-to-JPEG encode of the same
 *   pixels: 18 ms); 12 MP 4:2:0 324 -> 60 ms (55); 12 MP progressive 4:4:4 1437 -> 100 ms (86).
 *   With optimised Huffman tables on both sides (another run) the direct path alone gave
 *   218 -> 59, 314 -> 178 and 1121 -> 639 ms; the rest is {@link OPTIMISE_CODING}.
 *   In PNG, WebP and AVIF output the EXIF block libvips wrote, with the original's thumbnail, is
 *   then replaced by the one the JPEG output gets (containerExif.ts).
 * Both give the same pixels. Untagged lossless photos come back bit-exact outside the restored
 * faces, and so do 16-bit ICC-tagged RGB ones written at 16 bits (their own samples go back
 * untransformed); other ICC-tagged ones within the precision of the colour transform.
 */
import sharp, { type Sharp } from 'sharp';
import { type DecodedPhoto, isWideRgb, type PhotoFormat, type SourceInfo } from './decode.js';
import {
  type ExifThumbnail,
  ExifFormatError,
  hasJpegThumbnail,
  uprightExif,
} from './exifUpright.js';
import { replaceExif } from './containerExif.js';
import { withIccFile } from './iccProfile.js';
import {
  APP1,
  APP13,
  buildSegment,
  insertSegments,
  jfifSegment,
  MAX_SEGMENT_PAYLOAD,
  PHOTOSHOP_IRB_HEADER,
  withoutIrbThumbnails,
} from './jpegSegments.js';
import { type Provenance, xmpWithProvenance } from './provenance.js';

export type OutputFormat = 'same' | 'jpeg' | 'png' | 'tiff';

/** Restored pixels in the decoded photo's upright geometry (RGBA). */
export interface RestoredPixels {
  /** sRGB. */
  rgba8: Uint8Array | Uint8ClampedArray;
  /**
   * For 16-bit sources: the 16-bit result (written instead of rgba8), in the colour space of
   * the decoded photo's rgba16 (the source's own for a profiled RGB source).
   */
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

/**
 * No Huffman tables optimised for the photo (sharp's default is to optimise). Optimising is a
 * second pass over a buffer of the whole image's coefficients: the decoded pixels are the same
 * either way, and on this 2-core machine (quality 95; two runs, medians of 15 interleaved
 * encodes each) it makes the encoder 2-7x slower for files 12-17% smaller: 2048x1364 4:4:4
 * 41-70 ms against 18-24 ms (657 KB against 771 KB); 12 MP 4:2:0 173-183 ms against 54 ms
 * (1.44 MB against 1.61 MB); 12 MP 4:4:4 590-604 ms against 86 ms (1.81 MB against 2.05 MB).
 * Issue #8 sets time targets (250 ms per face, 2 s for 12 MP) and none for size, and the
 * 67 MB coefficient buffer of a 12 MP 4:4:4 photo also counts against its memory target.
 */
const OPTIMISE_CODING = false;

interface Output {
  target: PhotoFormat;
  /** Write the 16-bit pixels (16-bit sources, formats that hold them). */
  wide: boolean;
  /**
   * The pixels are already in the original's colour space (a profiled RGB source's own 16-bit
   * samples): its profile is written as it is, with no colour transform.
   */
  ownSpace: boolean;
  quality: number;
  provenance: Provenance;
}

/**
 * Runs `pipeline` (the restored pixels, sRGB, RGBA) into the output's colour space and format:
 * the original's ICC profile (CMYK profiles only for CMYK-capable formats; elsewhere the output
 * stays sRGB), grey stays grey, 16 bits stay 16 bits, alpha only where the original had it; the
 * original's XMP with the provenance record.
 */
async function save(
  pipeline: Sharp,
  source: SourceInfo,
  { target, wide, ownSpace, quality, provenance }: Output,
): Promise<Buffer> {
  pipeline = pipeline.withXmp(xmpWithProvenance(source.xmp, provenance));
  // A real alpha channel stays (libvips flattens it for JPEG).
  if (!source.hasAlpha) pipeline = pipeline.removeAlpha();
  if (ownSpace) pipeline = pipeline.keepIccProfile();
  const grey = source.space === 'b-w' || source.space === 'grey16';
  const encode = (iccFile?: string) => {
    let p = iccFile ? pipeline.withIccProfile(iccFile) : pipeline;
    if (grey) p = p.toColourspace(wide ? 'grey16' : 'b-w');
    else if (wide) p = p.toColourspace('rgb16');
    switch (target) {
      case 'jpeg':
        // Full-resolution colour, except where the original JPEG had half-resolution colour
        // anyway: then the output keeps the original's 4:2:0 (half the encoder's time on a
        // 12 MP photo, a file size near the original's, and no chroma detail lost that the
        // original had).
        p = p.jpeg({
          quality,
          chromaSubsampling: source.chromaSubsampling === '4:2:0' ? '4:2:0' : '4:4:4',
          optimiseCoding: OPTIMISE_CODING,
        });
        break;
      case 'png':
        p = p.png({ compressionLevel: 6 });
        break;
      case 'webp':
        p = p.webp({ quality, lossless: false });
        break;
      case 'tiff':
        // sharp's default TIFF compression is JPEG (lossy, 8-bit): keep it lossless.
        p = p.tiff({ compression: 'deflate', predictor: 'horizontal' });
        break;
      case 'heif':
        p = p.avif({ quality });
        break;
      case 'gif':
        p = p.png();
        break;
    }
    return p.toBuffer();
  };
  // The original's profile, converted into (CMYK ones only for CMYK-capable formats).
  const icc =
    !ownSpace && (source.space !== 'cmyk' || target === 'jpeg' || target === 'tiff')
      ? source.icc
      : undefined;
  return icc ? withIccFile(icc, encode) : encode();
}

/** Encodes `restored` as the output file's bytes. */
export async function encodePhoto(
  photo: DecodedPhoto,
  restored: RestoredPixels,
  options: EncodeOptions,
): Promise<{ data: Buffer; format: PhotoFormat }> {
  const target = outputFormat(photo.source.format, options.format ?? 'same');
  if (target === 'jpeg' && spliceable(photo.source)) {
    return { data: await encodeJpegDirect(photo, restored, options), format: target };
  }
  if (target !== 'png' && target !== 'webp' && target !== 'heif') {
    return encodeFromOriginal(photo, restored, options);
  }
  // The block libvips wrote has the original's thumbnail: it gets the JPEG output's EXIF
  // instead (the thumbnail made while the photo is encoded). The other formats: TIFF output
  // carries no EXIF at all (libvips' tiffsave writes none; a test checks); the JPEG fallback is
  // taken with EXIF only when uprightExif cannot patch it, and then libvips' block stays.
  const [encoded, exif] = await Promise.all([
    encodeFromOriginal(photo, restored, options),
    patchableExif(photo.source)
      ? restoredExif(photo.source.exif, photo, restored.rgba8, Infinity)
      : null,
  ]);
  return exif ? { ...encoded, data: replaceExif(encoded.data, target, exif) } : encoded;
}

/** Whether the source has an EXIF block that {@link uprightExif} can patch. */
function patchableExif(source: SourceInfo): source is SourceInfo & { exif: Buffer } {
  if (!source.exif) return false;
  try {
    uprightExif(source.exif, 1, 1, null);
    return true;
  } catch (error) {
    if (error instanceof ExifFormatError) return false;
    throw error;
  }
}

/**
 * Whether the original's EXIF and IPTC can be spliced into a directly encoded JPEG exactly;
 * when not, libvips must write them as before.
 */
function spliceable(source: SourceInfo): boolean {
  // A CMYK JPEG (a CMYK source with its profile) has no JFIF header: without an EXIF block of
  // its own, only the one libvips makes up keeps its density.
  if (source.space === 'cmyk' && source.icc && !source.exif) return false;
  if (source.exif && !patchableExif(source)) return false;
  return (
    !source.iptc ||
    source.iptc.subarray(0, PHOTOSHOP_IRB_HEADER.length).equals(PHOTOSHOP_IRB_HEADER)
  );
}

/**
 * The original's EXIF (APP1) for the upright output, with a thumbnail made from the restored
 * pixels in place of the original's when it had one, and its IPTC (APP13) without Photoshop's
 * thumbnail (jpegSegments.ts). A block over one segment's 65533 bytes is left out, as libvips
 * leaves it out: JPEG has no standard way to split EXIF or IPTC over several segments (only
 * ICC's chunking, which sharp writes); one that only the new thumbnail takes over the limit
 * keeps everything but the thumbnail.
 */
async function splicedSegments(
  photo: DecodedPhoto,
  rgba8: Uint8Array | Uint8ClampedArray,
): Promise<Buffer[]> {
  const { source } = photo;
  const segments: Buffer[] = [];
  if (source.exif) {
    const payload = await restoredExif(source.exif, photo, rgba8, MAX_SEGMENT_PAYLOAD);
    if (payload.length <= MAX_SEGMENT_PAYLOAD) segments.push(buildSegment(APP1, payload));
  }
  if (source.iptc) {
    const iptc = withoutIrbThumbnails(source.iptc);
    if (iptc.length <= MAX_SEGMENT_PAYLOAD) segments.push(buildSegment(APP13, iptc));
  }
  return segments;
}

/**
 * The original's EXIF for the restored output ('Exif\0\0' + TIFF, uprightExif), with a thumbnail
 * made from the restored pixels where the original had one; without it where it would take the
 * block over `limit` bytes (what one JPEG segment holds; other formats have no such limit).
 */
async function restoredExif(
  exif: Buffer,
  { width, height }: DecodedPhoto,
  rgba8: Uint8Array | Uint8ClampedArray,
  limit: number,
): Promise<Buffer> {
  const thumbnail = hasJpegThumbnail(exif) ? await makeThumbnail(rgba8, width, height) : null;
  const payload = uprightExif(exif, width, height, thumbnail);
  return payload.length > limit && thumbnail ? uprightExif(exif, width, height, null) : payload;
}

/** Samples per thumbnail pixel along each axis (see {@link makeThumbnail}). */
const THUMBNAIL_SAMPLES = 4;

/**
 * The EXIF thumbnail of the restored photo. A professional tool must not leave the unrestored
 * photo in the preview that file browsers and cameras show, and a thumbnail the original had is
 * better replaced than dropped (dropping makes browsers decode the full image, and a camera
 * shows none). The DCF size, 160x120 at most, keeping the aspect ratio; baseline JPEG with
 * 4:2:0 colour as cameras write it (about 3 KB). Each thumbnail pixel averages a 4x4 grid of
 * samples spread over its area, flattened onto black as the JPEG encoder flattens alpha. With
 * its encode that takes 3.0 ms for a 4000x3000 photo (2.2 ms for 3000x4000; medians of 31 on
 * this 2-core machine), run while the photo itself is encoded (a 12 MP JPEG's encode took no
 * longer with it), where sharp's resize, which reads the whole 48 MB frame, took 55-70 ms. At
 * 160 pixels the sparser sampling can alias only the finest periodic patterns. The pixels are
 * sRGB, as EXIF thumbnails are read.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the sample loop indexes typed arrays within bounds by construction. */
async function makeThumbnail(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): Promise<ExifThumbnail> {
  const scale = Math.min(160 / width, 120 / height, 1);
  const tw = Math.max(1, Math.round(width * scale));
  const th = Math.max(1, Math.round(height * scale));
  const s = THUMBNAIL_SAMPLES;
  const xs = new Int32Array(tw * s);
  for (let i = 0; i < xs.length; i++) xs[i] = 4 * Math.floor((((i + 0.5) / s) * width) / tw);
  const sum = new Uint32Array(3 * tw);
  const rgb = Buffer.alloc(3 * tw * th);
  for (let ty = 0; ty < th; ty++) {
    sum.fill(0);
    for (let j = 0; j < s; j++) {
      const row = 4 * width * Math.floor(((ty + (j + 0.5) / s) * height) / th);
      for (let tx = 0, i = 0; tx < tw; tx++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let k = 0; k < s; k++, i++) {
          const o = row + xs[i]!;
          const a = rgba[o + 3]!;
          r += rgba[o]! * a;
          g += rgba[o + 1]! * a;
          b += rgba[o + 2]! * a;
        }
        sum[3 * tx] = sum[3 * tx]! + r;
        sum[3 * tx + 1] = sum[3 * tx + 1]! + g;
        sum[3 * tx + 2] = sum[3 * tx + 2]! + b;
      }
    }
    for (let c = 0; c < 3 * tw; c++) rgb[3 * ty * tw + c] = Math.round(sum[c]! / (255 * s * s));
  }
  const jpeg = await sharp(rgb, { raw: { width: tw, height: th, channels: 3 } })
    .jpeg({ quality: 85, chromaSubsampling: '4:2:0' })
    .toBuffer();
  return { jpeg, width: tw, height: th };
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/**
 * JPEG straight from the restored pixels, with the original's EXIF and IPTC (splicedSegments)
 * spliced in after a JFIF header that keeps the original's density (libvips writes neither for
 * raw input; JFIF is for YCbCr and grey only, so CMYK output keeps density through its EXIF
 * alone).
 */
async function encodeJpegDirect(
  photo: DecodedPhoto,
  restored: RestoredPixels,
  { provenance, quality = 95 }: EncodeOptions,
): Promise<Buffer> {
  const { source, width, height } = photo;
  // sharp's .d.ts only names Buffer for raw input; a Uint8ClampedArray is read the same way.
  const pixels = sharp(restored.rgba8 as unknown as Buffer, {
    raw: { width, height, channels: 4 },
    limitInputPixels: false,
  });
  const [encoded, { density }, segments] = await Promise.all([
    save(pixels, source, { target: 'jpeg', wide: false, ownSpace: false, quality, provenance }),
    // Header only: a few milliseconds, run while the encoder works (as is the thumbnail).
    sharp(photo.bytes, { limitInputPixels: false }).metadata(),
    splicedSegments(photo, restored.rgba8),
  ]);
  const jfif = density && source.space !== 'cmyk' ? [jfifSegment(density)] : [];
  return insertSegments(encoded, [...jfif, ...segments]);
}

/**
 * Any format, through the original file so that libvips carries its metadata over (exported as
 * the reference the direct JPEG path is tested against).
 */
export async function encodeFromOriginal(
  photo: DecodedPhoto,
  restored: RestoredPixels,
  { format = 'same', provenance, quality = 95 }: EncodeOptions,
): Promise<{ data: Buffer; format: PhotoFormat }> {
  const { source, width, height } = photo;
  const target = outputFormat(source.format, format);
  const wide = source.bitDepth === 16 && restored.rgba16 !== undefined && target !== 'jpeg';
  const pixels = wide ? restored.rgba16 : restored.rgba8;
  if (!pixels) throw new Error('encodePhoto: no restored pixels');
  const ownSpace = wide && isWideRgb(source);
  let pipeline = sharp(photo.bytes, { limitInputPixels: false, pages: 1 });
  // sharp converts a profiled 16-bit RGB original into Display P3, and then reads whatever is
  // composited over it as P3 when converting into the output profile: the restored pixels are
  // neither. The 16-bit ones are the original's own samples, written back with no transform at
  // all (ownSpace: no import, the profile kept, in save); for the sRGB 8-bit ones the original
  // is made an 8-bit sRGB pipeline, which sharp converts from sRGB. Before, a 16-bit round trip
  // came back up to 3949 of 65535 off (P3 clipping).
  if (wide) pipeline = pipeline.pipelineColourspace('rgb16');
  else if (isWideRgb(source)) pipeline = pipeline.pipelineColourspace('srgb');
  pipeline = pipeline
    .rotate()
    // The original's pixels are all replaced: keep one of them, grown back to full size, so
    // libvips decodes (and colour-converts) only the first rows of a baseline JPEG instead of
    // the whole photo again. Same output bytes.
    .extract({ left: 0, top: 0, width: 1, height: 1 })
    .extend({ right: width - 1, bottom: height - 1 })
    // sharp reads the sample depth from the typed array (Uint16Array = 16 bit); its .d.ts only
    // names Buffer.
    .composite([
      { input: pixels as unknown as Buffer, raw: { width, height, channels: 4 }, blend: 'source' },
    ]);
  // With keepExif libvips makes up a block for a photo that had none (Orientation, 72 dpi,
  // ExifVersion 2.1, ColorSpace uncalibrated): other formats get none, as the direct JPEG path
  // gives none. A JPEG here keeps it: for CMYK it is what holds the density (spliceable).
  if (source.exif || target === 'jpeg') pipeline = pipeline.keepExif();
  pipeline = keepIptc(pipeline);
  return {
    data: await save(pipeline, source, { target, wide, ownSpace, quality, provenance }),
    format: target,
  };
}
