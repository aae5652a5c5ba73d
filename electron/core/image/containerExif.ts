/**
 * Replaces the EXIF block inside an encoded PNG or WebP file. libvips writes the original's EXIF
 * into these formats itself (keepExif), as libexif rewrites it, with the original's thumbnail:
 * the encoder swaps that block for the one the JPEG output gets (exifUpright.ts: a thumbnail of
 * the restored pixels), touching nothing else. Every other chunk, the image data included,
 * stays byte for byte.
 *
 * - PNG: chunks `length (u32 BE) | type | data | CRC-32 (u32 BE) of type and data` after the
 *   8-byte signature; EXIF is the eXIf chunk, the TIFF structure without the 'Exif\0\0' header.
 * - WebP: a RIFF file, `'RIFF' | size (u32 LE, the bytes after it) | 'WEBP'` and then chunks
 *   `fourcc | size (u32 LE) | data | a pad byte when size is odd`; EXIF is the 'EXIF' chunk.
 *   The VP8X header's EXIF flag stays as it is, since the chunk stays.
 * The new block is written in the form the old one had, with or without the 'Exif\0\0' header
 * (libvips writes WebP's with it, PNG's without).
 */
import zlib from 'node:zlib';
import { EXIF_HEADER } from './exifUpright.js';

export class ContainerFormatError extends Error {
  override name = 'ContainerFormatError';
}

/** One chunk of a PNG or WebP file. */
export interface Chunk {
  /** 'IHDR', 'eXIf', 'IDAT', ... (PNG); 'VP8X', 'VP8 ', 'EXIF', ... (WebP). */
  type: string;
  /** Offset of the chunk's first byte (its length field for PNG, its fourcc for WebP). */
  offset: number;
  /** Bytes from `offset` to the next chunk (PNG: with the CRC; WebP: with the pad byte). */
  size: number;
  data: Buffer;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks of a PNG file up to and including IEND. Throws {@link ContainerFormatError}. */
export function pngChunks(png: Buffer): Chunk[] {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new ContainerFormatError('not a PNG (no signature)');
  }
  const chunks: Chunk[] = [];
  for (let at = 8; ;) {
    if (at + 12 > png.length) throw new ContainerFormatError(`PNG truncated at byte ${at}`);
    const length = png.readUInt32BE(at);
    const size = 12 + length;
    if (at + size > png.length) throw new ContainerFormatError(`PNG chunk at ${at} overruns`);
    const type = png.toString('latin1', at + 4, at + 8);
    chunks.push({ type, offset: at, size, data: png.subarray(at + 8, at + 8 + length) });
    if (type === 'IEND') return chunks;
    at += size;
  }
}

/** The chunks of a WebP file. Throws {@link ContainerFormatError}. */
export function webpChunks(webp: Buffer): Chunk[] {
  if (
    webp.length < 12 ||
    webp.toString('latin1', 0, 4) !== 'RIFF' ||
    webp.toString('latin1', 8, 12) !== 'WEBP'
  ) {
    throw new ContainerFormatError('not a WebP file (no RIFF/WEBP header)');
  }
  const end = 8 + webp.readUInt32LE(4);
  if (end > webp.length) throw new ContainerFormatError('RIFF size overruns the file');
  const chunks: Chunk[] = [];
  for (let at = 12; at < end;) {
    if (at + 8 > end) throw new ContainerFormatError(`WebP truncated at byte ${at}`);
    const length = webp.readUInt32LE(at + 4);
    const size = 8 + length + (length % 2);
    if (at + size > end) throw new ContainerFormatError(`WebP chunk at ${at} overruns`);
    const type = webp.toString('latin1', at, at + 4);
    chunks.push({ type, offset: at, size, data: webp.subarray(at + 8, at + 8 + length) });
    at += size;
  }
  return chunks;
}

/** The formats whose EXIF block {@link replaceExif} can replace. */
export type ExifContainer = 'png' | 'webp';

const EXIF_CHUNK: Record<ExifContainer, string> = { png: 'eXIf', webp: 'EXIF' };

/** `exif` ('Exif\0\0' + TIFF, or TIFF alone) in the form `old` has. */
function inFormOf(old: Buffer, exif: Buffer): Buffer {
  const tiff = exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
  return old.subarray(0, 6).equals(EXIF_HEADER) ? Buffer.concat([EXIF_HEADER, tiff]) : tiff;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

function webpChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
}

/**
 * `file` with its EXIF chunk's data replaced by `exif` (as uprightExif gives it), or
 * `file` itself when it has no EXIF chunk (no block is added where the encoder wrote none).
 * Throws {@link ContainerFormatError} when `file` is not a well-formed PNG or WebP.
 */
export function replaceExif(file: Buffer, format: ExifContainer, exif: Buffer): Buffer {
  const chunks = format === 'png' ? pngChunks(file) : webpChunks(file);
  const old = chunks.find((c) => c.type === EXIF_CHUNK[format]);
  if (!old) return file;
  const data = inFormOf(old.data, exif);
  const chunk = format === 'png' ? pngChunk(old.type, data) : webpChunk(old.type, data);
  const out = Buffer.concat([
    file.subarray(0, old.offset),
    chunk,
    file.subarray(old.offset + old.size),
  ]);
  // RIFF's size counts everything after its own field.
  if (format === 'webp') out.writeUInt32LE(file.readUInt32LE(4) + chunk.length - old.size, 4);
  return out;
}
