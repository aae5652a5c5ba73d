/**
 * Replaces the EXIF block inside an encoded PNG, WebP or AVIF file. libvips writes the original's
 * EXIF into these formats itself (keepExif), as libexif rewrites it, with the original's thumbnail:
 * the encoder swaps that block for the one the JPEG output gets (exifUpright.ts: a thumbnail of
 * the restored pixels), touching nothing else. Every other chunk, the image data included,
 * stays byte for byte.
 *
 * - PNG: chunks `length (u32 BE) | type | data | CRC-32 (u32 BE) of type and data` after the
 *   8-byte signature; EXIF is the eXIf chunk, the TIFF structure without the 'Exif\0\0' header.
 * - WebP: a RIFF file, `'RIFF' | size (u32 LE, the bytes after it) | 'WEBP'` and then chunks
 *   `fourcc | size (u32 LE) | data | a pad byte when size is odd`; EXIF is the 'EXIF' chunk.
 *   The VP8X header's EXIF flag stays as it is, since the chunk stays.
 * - AVIF (HEIF, ISO/IEC 14496-12 and 23008-12 boxes `size (u32 BE) | type | payload`): EXIF is
 *   an item of type 'Exif' in the meta box's iinf, its bytes located by an iloc entry (an offset
 *   in the file, inside mdat), `exif_tiff_header_offset (u32 BE) | block`. The new item goes
 *   in the old one's place when it fits (its iloc length shortened, the rest zeroed), else at
 *   the end of mdat, which libheif writes last (mdat's size and the item's iloc offset changed
 *   with it, the old bytes zeroed). No other item's bytes move either way.
 * The new block is written in the form the old one had, with or without the 'Exif\0\0' header
 * (libvips writes WebP's with it, PNG's without).
 */
// zlib.crc32 is in Node from 20.15 (package.json asks for 20.19; Electron bundles a later one).
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
export type ExifContainer = 'png' | 'webp' | 'heif';

const EXIF_CHUNK = { png: 'eXIf', webp: 'EXIF' } as const;

/** `exif` ('Exif\0\0' + TIFF, or TIFF alone) in the form `old` has. */
function inFormOf(old: Buffer, exif: Buffer): Buffer {
  const tiff = exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
  return old.subarray(0, 6).equals(EXIF_HEADER) ? Buffer.concat([EXIF_HEADER, tiff]) : tiff;
}

/** A PNG chunk: length, type, data and the CRC-32 of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
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
 * `file` with the data of its EXIF chunk (HEIF: item) replaced by `exif` (as uprightExif gives
 * it), or `file` itself when it has none (no block is added where the encoder wrote none).
 * Takes `file` over: its bytes may be overwritten and the result may share its memory.
 * Throws {@link ContainerFormatError} when `file` is not a well-formed PNG, WebP or HEIF file,
 * or (HEIF) when the new block has no room: neither in the old one's place nor after mdat.
 */
export function replaceExif(file: Buffer, format: ExifContainer, exif: Buffer): Buffer {
  if (format === 'heif') return replaceHeifExif(file, exif);
  const chunks = format === 'png' ? pngChunks(file) : webpChunks(file);
  const old = chunks.find((c) => c.type === EXIF_CHUNK[format]);
  if (!old) return file;
  const data = inFormOf(old.data, exif);
  const chunk = format === 'png' ? pngChunk(old.type, data) : webpChunk(old.type, data);
  const riff = format === 'webp' ? file.readUInt32LE(4) : 0;
  const out = splice(file, old.offset, old.offset + old.size, chunk);
  // RIFF's size counts everything after its own field.
  if (format === 'webp') out.writeUInt32LE(riff + chunk.length - old.size, 4);
  return out;
}

/**
 * `file` with bytes [start, end) replaced by `bytes`. Where that does not make it longer, in
 * `file`'s own memory (the encoder's output, which the caller gives up), the bytes after moved
 * down: faulting in a new buffer the size of the file costs more than the move. A 12 MP PNG
 * (20 MB) on this machine: 50 ms into a new buffer, 12 ms in place (1 ms of it the move, the
 * rest the first touch of the encoder's output).
 */
function splice(file: Buffer, start: number, end: number, bytes: Buffer): Buffer {
  if (bytes.length > end - start) {
    return Buffer.concat([file.subarray(0, start), bytes, file.subarray(end)]);
  }
  bytes.copy(file, start);
  file.copyWithin(start + bytes.length, end);
  return file.subarray(0, file.length - (end - start) + bytes.length);
}

/** One ISO base media file format box. */
export interface Box {
  type: string;
  offset: number;
  /** Header and payload. */
  size: number;
  /** Header bytes: 8, or 16 with a 64-bit size. */
  header: number;
}

/** The boxes in `bytes` from `start` to `end`. Throws {@link ContainerFormatError}. */
export function heifBoxes(bytes: Buffer, start = 0, end = bytes.length): Box[] {
  const boxes: Box[] = [];
  for (let at = start; at < end;) {
    if (at + 8 > end) throw new ContainerFormatError(`box truncated at byte ${at}`);
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) throw new ContainerFormatError(`box truncated at byte ${at}`);
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) {
      throw new ContainerFormatError(`box at byte ${at} overruns its parent`);
    }
    boxes.push({ type: bytes.toString('latin1', at + 4, at + 8), offset: at, size, header });
    at += size;
  }
  return boxes;
}

/** Reads big-endian fields one after another, bounds-checked. */
class Fields {
  constructor(
    private readonly bytes: Buffer,
    public at: number,
    private readonly end: number,
  ) {}

  /** An unsigned field of 0, 2, 4 or 8 bytes (0 reads as 0, as iloc's sizes allow). */
  uint(size: number): number {
    if (this.at + size > this.end) throw new ContainerFormatError('HEIF box field overruns');
    const at = this.at;
    this.at += size;
    if (size === 0) return 0;
    if (size === 2) return this.bytes.readUInt16BE(at);
    if (size === 4) return this.bytes.readUInt32BE(at);
    if (size === 8) return Number(this.bytes.readBigUInt64BE(at));
    throw new ContainerFormatError(`HEIF field of ${size} bytes`);
  }
}

/** The only child box of `type` inside `parent`, whose children start `skip` bytes in. */
function child(bytes: Buffer, parent: Box, skip: number, type: string): Box {
  const found = heifBoxes(
    bytes,
    parent.offset + parent.header + skip,
    parent.offset + parent.size,
  ).filter((b) => b.type === type);
  if (found.length !== 1) throw new ContainerFormatError(`not one ${type} box in ${parent.type}`);
  return found[0] as Box;
}

/** The item ID of the 'Exif' item in iinf, if any. */
function exifItemId(bytes: Buffer, iinf: Box): number | undefined {
  const version = bytes[iinf.offset + iinf.header] as number;
  // FullBox header, then entry_count: 16 bits in version 0, 32 after.
  const skip = 4 + (version === 0 ? 2 : 4);
  for (const infe of heifBoxes(bytes, iinf.offset + iinf.header + skip, iinf.offset + iinf.size)) {
    const at = infe.offset + infe.header;
    const v = bytes[at] as number;
    // Versions 0 and 1 have no item_type (no EXIF item can be one).
    if (infe.type !== 'infe' || v < 2) continue;
    const fields = new Fields(bytes, at + 4, infe.offset + infe.size);
    const id = fields.uint(v === 2 ? 2 : 4);
    fields.uint(2); // item_protection_index
    if (bytes.toString('latin1', fields.at, fields.at + 4) === 'Exif') return id;
  }
  return undefined;
}

/** Where the item's bytes are, and where iloc holds their place and length. */
interface Extent {
  start: number;
  length: number;
  lengthField: number;
  lengthSize: number;
  /** The field that places the bytes (extent_offset, else base_offset), if iloc has one. */
  place?: { field: number; size: number; from: number };
}

/** The single file-offset extent of item `id` in iloc. */
function itemExtent(bytes: Buffer, iloc: Box, id: number): Extent {
  const start = iloc.offset + iloc.header;
  const version = bytes[start] as number;
  if (version > 2) throw new ContainerFormatError(`iloc version ${version}`);
  const f = new Fields(bytes, start + 4, iloc.offset + iloc.size);
  const sizes = f.uint(2);
  const [offsetSize, lengthSize, baseSize] = [sizes >> 12, (sizes >> 8) & 15, (sizes >> 4) & 15];
  const indexSize = version === 0 ? 0 : sizes & 15;
  const count = f.uint(version < 2 ? 2 : 4);
  for (let i = 0; i < count; i++) {
    const itemId = f.uint(version < 2 ? 2 : 4);
    const method = version === 0 ? 0 : f.uint(2) & 15;
    const dataRef = f.uint(2);
    const baseField = f.at;
    const base = f.uint(baseSize);
    const extents = f.uint(2);
    const found: Extent[] = [];
    for (let e = 0; e < extents; e++) {
      f.uint(indexSize);
      const offsetField = f.at;
      const offset = f.uint(offsetSize);
      const lengthField = f.at;
      const length = f.uint(lengthSize);
      const place =
        offsetSize > 0
          ? { field: offsetField, size: offsetSize, from: base }
          : baseSize > 0
            ? { field: baseField, size: baseSize, from: 0 }
            : undefined;
      found.push({
        start: base + offset,
        length,
        lengthField,
        lengthSize,
        ...(place && { place }),
      });
    }
    if (itemId !== id) continue;
    // Bytes elsewhere than at a file offset (idat, another file), in pieces, or with an
    // unstated length (0: to the end of the file) are not written by libheif: not handled.
    const [extent] = found;
    if (method !== 0 || dataRef !== 0 || found.length !== 1 || !extent || extent.length === 0) {
      throw new ContainerFormatError('the Exif item is not one extent at a file offset');
    }
    if (extent.start + extent.length > bytes.length) {
      throw new ContainerFormatError('the Exif item overruns the file');
    }
    return extent;
  }
  throw new ContainerFormatError(`item ${id} has no iloc entry`);
}

function writeUint(bytes: Buffer, at: number, size: number, value: number) {
  if (size === 8) bytes.writeBigUInt64BE(BigInt(value), at);
  else if (size === 4) bytes.writeUInt32BE(value, at);
  else if (size === 2 && value <= 0xffff) bytes.writeUInt16BE(value, at);
  else throw new ContainerFormatError(`${value} does not fit a ${size}-byte field`);
}

function replaceHeifExif(file: Buffer, exif: Buffer): Buffer {
  const top = heifBoxes(file);
  const meta = top.find((b) => b.type === 'meta');
  if (!meta) throw new ContainerFormatError('no meta box');
  // meta is a FullBox: 4 bytes of version and flags before its children.
  const id = exifItemId(file, child(file, meta, 4, 'iinf'));
  if (id === undefined) return file;
  const extent = itemExtent(file, child(file, meta, 4, 'iloc'), id);
  const old = file.subarray(extent.start + 4, extent.start + extent.length);
  const block = inFormOf(old, exif);
  const item = Buffer.alloc(4 + block.length);
  // exif_tiff_header_offset: the bytes before the TIFF header ('Exif\0\0' or none).
  item.writeUInt32BE(block.subarray(0, 6).equals(EXIF_HEADER) ? 6 : 0, 0);
  block.copy(item, 4);
  const end = extent.start + extent.length;
  if (item.length <= extent.length && end !== file.length) {
    item.copy(file, extent.start);
    file.fill(0, extent.start + item.length, end);
    writeUint(file, extent.lengthField, extent.lengthSize, item.length);
    return file;
  }
  // Otherwise at the end of mdat, when the old item is in mdat and mdat ends the file (as
  // libheif writes them): in place of the old item where that ended the file, else after
  // everything, the old bytes zeroed.
  const mdat = top.at(-1);
  if (mdat?.type !== 'mdat' || !extent.place || extent.start < mdat.offset + mdat.header) {
    throw new ContainerFormatError('no room for the new Exif item');
  }
  const start = end === file.length ? extent.start : file.length;
  const out = splice(file, start, file.length, item);
  if (start === file.length) out.fill(0, extent.start, end);
  writeUint(out, extent.lengthField, extent.lengthSize, item.length);
  writeUint(out, extent.place.field, extent.place.size, start - extent.place.from);
  // A size of 0 (to the end of the file) stays right as it is.
  if (mdat.header === 16) writeUint(out, mdat.offset + 8, 8, out.length - mdat.offset);
  else if (out.readUInt32BE(mdat.offset) !== 0) {
    writeUint(out, mdat.offset, 4, out.length - mdat.offset);
  }
  return out;
}
