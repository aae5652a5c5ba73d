/**
 * A photo's EXIF block made true for the restored, upright output: Orientation (tag 0x0112 in
 * IFD0) becomes 1 because the pixels are written the right way up, and PixelXDimension /
 * PixelYDimension (0xA002 / 0xA003 in the Exif IFD), when present, become the output's size
 * (libvips updated both when it wrote the EXIF itself). Everything else is kept byte for byte:
 * maker notes, GPS, the thumbnail, tags libexif does not know. Values are patched in place, so
 * no offset inside the block moves and either byte order (II or MM) stays as it was.
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

/**
 * The APP1 payload ('Exif\0\0' + TIFF) for upright pixels of `width` x `height`: a patched copy,
 * `exif` itself is not changed. Throws {@link ExifFormatError} when the block is not a TIFF
 * structure this can patch safely (the caller then lets libvips rewrite it instead).
 */
export function uprightExif(exif: Buffer, width: number, height: number): Buffer {
  const payload = Buffer.concat([EXIF_HEADER, tiffBytes(exif)]);
  const tiff = new Tiff(payload.subarray(EXIF_HEADER.length));
  const ifd0 = tiff.entries(tiff.u32(4));
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
  return payload;
}
