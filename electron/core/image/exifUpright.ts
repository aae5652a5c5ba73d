/**
 * A photo's EXIF block made true for the restored, upright output: Orientation (tag 0x0112 in
 * IFD0) becomes 1 because the pixels are written the right way up, and PixelXDimension /
 * PixelYDimension (0xA002 / 0xA003 in the Exif IFD), when present, become the output's size
 * (libvips updated both when it wrote the EXIF itself). The thumbnail (IFD1) showed the
 * unrestored photo, and file browsers and cameras display it: it is replaced by one made from
 * the restored pixels, or dropped. Everything else is kept byte for byte: maker notes, GPS, tags
 * libexif does not know. Values are patched in place and a new thumbnail goes at the end (or
 * where the old one ended the block), so no other offset inside the block moves, and either
 * byte order (II or MM) stays as it was.
 *
 * The block comes as sharp's `metadata().exif` gives it: with the 'Exif\0\0' header for JPEG,
 * WebP and AVIF sources, without it for PNG's eXIf chunk (TIFF sources have no EXIF block).
 */

/** What a JPEG APP1 EXIF payload starts with, before the TIFF header. */
export const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

const ORIENTATION = 0x0112;
const EXIF_IFD_POINTER = 0x8769;
const PIXEL_X_DIMENSION = 0xa002;
const PIXEL_Y_DIMENSION = 0xa003;
/** IFD1's JPEG thumbnail: JPEGInterchangeFormat (offset) and JPEGInterchangeFormatLength. */
const THUMBNAIL_OFFSET = 0x0201;
const THUMBNAIL_LENGTH = 0x0202;
const IMAGE_WIDTH = 0x0100;
const IMAGE_LENGTH = 0x0101;
const SHORT = 3;
const LONG = 4;
/** TIFF type 13 (IFD): some writers type the Exif IFD pointer so instead of LONG. */
const IFD = 13;

export class ExifFormatError extends Error {
  override name = 'ExifFormatError';
}

/** Reads and patches one TIFF structure; every access is bounds-checked. */
class Tiff {
  readonly little: boolean;

  constructor(readonly bytes: Buffer) {
    const order = bytes.toString('latin1', 0, 2);
    if (bytes.length < 8 || (order !== 'II' && order !== 'MM')) {
      throw new ExifFormatError('no TIFF header (II or MM) in the EXIF block');
    }
    this.little = order === 'II';
    if (this.u16(2) !== 42) throw new ExifFormatError('TIFF magic number is not 42');
  }

  private check(at: number, size: number) {
    if (at < 0 || at + size > this.bytes.length) {
      throw new ExifFormatError(`EXIF offset ${at} is outside the block`);
    }
  }

  u16(at: number): number {
    this.check(at, 2);
    return this.little ? this.bytes.readUInt16LE(at) : this.bytes.readUInt16BE(at);
  }

  u32(at: number): number {
    this.check(at, 4);
    return this.little ? this.bytes.readUInt32LE(at) : this.bytes.readUInt32BE(at);
  }

  /** Offset of the 4-byte link to the next IFD, after the IFD at `at`. */
  link(at: number): number {
    const at4 = at + 2 + 12 * this.u16(at);
    this.check(at4, 4);
    return at4;
  }

  setU32(at: number, value: number) {
    this.check(at, 4);
    if (this.little) this.bytes.writeUInt32LE(value, at);
    else this.bytes.writeUInt32BE(value, at);
  }

  /** The value of a one-value SHORT or LONG entry, else undefined. */
  number(entry: number): number | undefined {
    const type = this.u16(entry + 2);
    if (this.u32(entry + 4) !== 1) return undefined;
    if (type === SHORT) return this.u16(entry + 8);
    return type === LONG ? this.u32(entry + 8) : undefined;
  }

  /** Offset of each 12-byte entry of the IFD at `at`, keyed by tag. */
  entries(at: number): Map<number, number> {
    const count = this.u16(at);
    this.check(at + 2, 12 * count);
    const out = new Map<number, number>();
    for (let i = 0; i < count; i++) out.set(this.u16(at + 2 + 12 * i), at + 2 + 12 * i);
    return out;
  }

  /** Sets a one-value SHORT or LONG entry (the value sits in the entry itself). */
  setNumber(entry: number, value: number) {
    const type = this.u16(entry + 2);
    if (this.u32(entry + 4) !== 1 || (type !== SHORT && type !== LONG)) {
      throw new ExifFormatError(`tag 0x${this.u16(entry).toString(16)} is not one SHORT or LONG`);
    }
    if (type === SHORT) {
      if (value > 0xffff) throw new ExifFormatError(`${value} does not fit a SHORT`);
      if (this.little) this.bytes.writeUInt16LE(value, entry + 8);
      else this.bytes.writeUInt16BE(value, entry + 8);
    } else if (this.little) this.bytes.writeUInt32LE(value, entry + 8);
    else this.bytes.writeUInt32BE(value, entry + 8);
  }
}

/** The TIFF structure of an EXIF block, with or without the 'Exif\0\0' header. */
function tiffBytes(exif: Buffer): Buffer {
  return exif.subarray(0, EXIF_HEADER.length).equals(EXIF_HEADER)
    ? exif.subarray(EXIF_HEADER.length)
    : exif;
}

/** A JPEG thumbnail for IFD1 and its size in pixels. */
export interface ExifThumbnail {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** IFD1's JPEG thumbnail: where its entries are and, when it is where they say, its bytes. */
interface Thumbnail {
  /** The link field in IFD0 that points to IFD1. */
  link: number;
  entries: Map<number, number>;
  /** [start, end) of the old thumbnail's bytes when they are a JPEG inside the block. */
  bytes?: [number, number];
}

/** IFD1 when the block has one (undefined: none); null when it cannot be read. */
function findIfd1(tiff: Tiff, ifd0: number): Thumbnail | null | undefined {
  const link = tiff.link(ifd0);
  const at = tiff.u32(link);
  if (at === 0) return undefined;
  let entries: Map<number, number>;
  try {
    entries = tiff.entries(at);
  } catch (error) {
    if (error instanceof ExifFormatError) return null;
    throw error;
  }
  const offsetEntry = entries.get(THUMBNAIL_OFFSET);
  const lengthEntry = entries.get(THUMBNAIL_LENGTH);
  const start = offsetEntry === undefined ? undefined : tiff.number(offsetEntry);
  const length = lengthEntry === undefined ? undefined : tiff.number(lengthEntry);
  const isJpeg =
    start !== undefined &&
    length !== undefined &&
    length >= 2 &&
    start + length <= tiff.bytes.length &&
    tiff.bytes[start] === 0xff &&
    tiff.bytes[start + 1] === 0xd8;
  return { link, entries, ...(isJpeg ? { bytes: [start, start + length] } : {}) };
}

/** Whether `exif` holds a JPEG thumbnail that {@link uprightExif} can replace. */
export function hasJpegThumbnail(exif: Buffer): boolean {
  try {
    const tiff = new Tiff(tiffBytes(exif));
    return findIfd1(tiff, tiff.u32(4))?.bytes !== undefined;
  } catch (error) {
    if (error instanceof ExifFormatError) return false;
    throw error;
  }
}

/**
 * The APP1 payload ('Exif\0\0' + TIFF) for upright pixels of `width` x `height`: a patched copy,
 * `exif` itself is not changed. The original's thumbnail never stays: `thumbnail` (made from the
 * restored pixels) takes its place, or with null, or when IFD1 is not a JPEG thumbnail whose
 * entries can take new values, IFD1 is unlinked. Either way the old thumbnail's bytes are zeroed
 * (an unlinked thumbnail is still readable by tools that scan for JPEG markers). A block without
 * a thumbnail gets none. Throws {@link ExifFormatError} when the block is not a TIFF structure
 * this can patch safely (the caller then lets libvips rewrite it instead).
 */
export function uprightExif(
  exif: Buffer,
  width: number,
  height: number,
  thumbnail: ExifThumbnail | null,
): Buffer {
  const payload = Buffer.concat([EXIF_HEADER, tiffBytes(exif)]);
  const tiff = new Tiff(payload.subarray(EXIF_HEADER.length));
  const ifd0At = tiff.u32(4);
  const ifd0 = tiff.entries(ifd0At);
  const orientation = ifd0.get(ORIENTATION);
  if (orientation !== undefined) tiff.setNumber(orientation, 1);
  const exifPointer = ifd0.get(EXIF_IFD_POINTER);
  if (exifPointer !== undefined) {
    const type = tiff.u16(exifPointer + 2);
    if (type !== LONG && type !== IFD) throw new ExifFormatError('Exif IFD pointer is not a LONG');
    const exifIfd = tiff.entries(tiff.u32(exifPointer + 8));
    const x = exifIfd.get(PIXEL_X_DIMENSION);
    const y = exifIfd.get(PIXEL_Y_DIMENSION);
    if (x !== undefined) tiff.setNumber(x, width);
    if (y !== undefined) tiff.setNumber(y, height);
  }
  const ifd1 = findIfd1(tiff, ifd0At);
  if (ifd1 === undefined) return payload;
  if (ifd1?.bytes) tiff.bytes.fill(0, ...ifd1.bytes);
  if (ifd1?.bytes && thumbnail) {
    const replaced = withThumbnail(payload, ifd1, ifd1.bytes, thumbnail);
    if (replaced) return replaced;
  }
  tiff.setU32(ifd1 ? ifd1.link : tiff.link(ifd0At), 0);
  return payload;
}

/**
 * `payload` with `thumbnail` where the old one ended the block, else appended at the next even
 * offset, and IFD1's entries pointing at it; null when they cannot hold the new values (a SHORT
 * offset past 65535).
 */
function withThumbnail(
  payload: Buffer,
  ifd1: Thumbnail,
  [start, end]: [number, number],
  thumbnail: ExifThumbnail,
): Buffer | null {
  const size = payload.length - EXIF_HEADER.length;
  const at = end === size ? start : size + (size % 2);
  const out = Buffer.concat([
    payload.subarray(0, EXIF_HEADER.length + Math.min(at, size)),
    Buffer.alloc(Math.max(0, at - size)),
    thumbnail.jpeg,
  ]);
  const tiff = new Tiff(out.subarray(EXIF_HEADER.length));
  try {
    tiff.setNumber(ifd1.entries.get(THUMBNAIL_OFFSET) as number, at);
    tiff.setNumber(ifd1.entries.get(THUMBNAIL_LENGTH) as number, thumbnail.jpeg.length);
    // Rarely present for a JPEG thumbnail; when they are, they must describe the new one.
    const w = ifd1.entries.get(IMAGE_WIDTH);
    const h = ifd1.entries.get(IMAGE_LENGTH);
    if (w !== undefined) tiff.setNumber(w, thumbnail.width);
    if (h !== undefined) tiff.setNumber(h, thumbnail.height);
  } catch (error) {
    if (error instanceof ExifFormatError) return null;
    throw error;
  }
  return out;
}
