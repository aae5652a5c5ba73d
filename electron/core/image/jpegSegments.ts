/**
 * JPEG header surgery: list a JPEG's marker segments, build APPn segments, and insert them into
 * an encoded JPEG, and drop Photoshop's thumbnails from an APP13 block. The encoder uses it to
 * carry a photo's EXIF and IPTC into freshly encoded pixels without decoding the original
 * again (encode.ts).
 *
 * A JPEG starts with SOI (FF D8), then marker segments `FF xx LL LL payload` where the 16-bit
 * big-endian length counts itself and the payload, so a payload holds at most 65533 bytes. The
 * entropy-coded data follows SOS (FF DA); nothing after it is read or touched here.
 */

/** Largest payload one marker segment can carry (65535 minus the two length bytes). */
export const MAX_SEGMENT_PAYLOAD = 65533;

export const SOI = 0xd8;
export const SOS = 0xda;
export const APP0 = 0xe0;
export const APP1 = 0xe1;
export const APP13 = 0xed;

export interface JpegSegment {
  /** The byte after FF: 0xE0 (APP0) .. 0xEF (APP15), 0xDB (DQT), 0xDA (SOS), ... */
  marker: number;
  /** Offset of the segment's FF in the file. */
  offset: number;
  /** Bytes from the FF to the end of the payload (4 + payload length). */
  size: number;
  payload: Buffer;
}

export class JpegFormatError extends Error {
  override name = 'JpegFormatError';
}

/**
 * The marker segments from SOI up to and including SOS (whose payload is the scan header only).
 * Throws {@link JpegFormatError} on anything that is not a well-formed JPEG header.
 */
export function readSegments(jpeg: Buffer): JpegSegment[] {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) {
    throw new JpegFormatError('not a JPEG (no SOI marker)');
  }
  const segments: JpegSegment[] = [];
  let at = 2;
  for (;;) {
    if (at + 4 > jpeg.length) throw new JpegFormatError(`header truncated at byte ${at}`);
    if (jpeg[at] !== 0xff) throw new JpegFormatError(`no marker at byte ${at}`);
    const marker = jpeg[at + 1] as number;
    // FF FF is fill before a marker (ITU T.81 B.1.1.2).
    if (marker === 0xff) {
      at++;
      continue;
    }
    const size = 2 + jpeg.readUInt16BE(at + 2);
    if (size < 4 || at + size > jpeg.length) {
      throw new JpegFormatError(`segment FF${marker.toString(16)} at byte ${at} overruns the file`);
    }
    segments.push({ marker, offset: at, size, payload: jpeg.subarray(at + 4, at + size) });
    if (marker === SOS) return segments;
    at += size;
  }
}

/** One marker segment carrying `payload`; a RangeError when it cannot fit in one segment. */
export function buildSegment(marker: number, payload: Buffer): Buffer {
  if (payload.length > MAX_SEGMENT_PAYLOAD) {
    throw new RangeError(
      `a JPEG segment holds at most ${MAX_SEGMENT_PAYLOAD} bytes, not ${payload.length}`,
    );
  }
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

const JFIF_ID = Buffer.from('JFIF\0', 'latin1');

/**
 * A JFIF APP0 segment (version 1.01, no thumbnail) stating the pixel density in dots per inch:
 * the only place a JPEG without EXIF resolution tags keeps its print size.
 */
export function jfifSegment(dpi: number): Buffer {
  const density = Math.min(65535, Math.max(1, Math.round(dpi)));
  const payload = Buffer.alloc(14);
  JFIF_ID.copy(payload, 0);
  payload.writeUInt16BE(0x0101, 5);
  payload[7] = 1; // units: dots per inch
  payload.writeUInt16BE(density, 8);
  payload.writeUInt16BE(density, 10);
  // Thumbnail width and height (bytes 12, 13) stay 0.
  return buildSegment(APP0, payload);
}

/** Whether a segment is a JFIF APP0 (which readers expect straight after SOI). */
export function isJfif(segment: JpegSegment): boolean {
  return segment.marker === APP0 && segment.payload.subarray(0, JFIF_ID.length).equals(JFIF_ID);
}

/**
 * `jpeg` with `segments` (complete, from {@link buildSegment}) inserted in the given order right
 * after SOI, or after a JFIF APP0 when the file starts with one: EXIF then comes first when
 * there is no JFIF header (as the EXIF standard asks), second when there is (as cameras and
 * editors write both). The rest of the file is kept byte for byte.
 */
export function insertSegments(jpeg: Buffer, segments: readonly Buffer[]): Buffer {
  const [first] = readSegments(jpeg);
  const at = first && isJfif(first) ? first.offset + first.size : 2;
  return Buffer.concat([jpeg.subarray(0, at), ...segments, jpeg.subarray(at)]);
}

/**
 * What an APP13 payload starts with: Photoshop image resource blocks ('8BIM' records; IPTC-IIM
 * is resource 0x0404). libvips reads a JPEG's APP13 payload whole as `iptc-data` and writes it
 * back whole; TIFF sources give bare IPTC-IIM instead, which is not an APP13 payload.
 */
export const PHOTOSHOP_IRB_HEADER = Buffer.from('Photoshop 3.0\0', 'latin1');

const IRB_SIGNATURE = Buffer.from('8BIM', 'latin1');
/** Photoshop's thumbnail resources: 0x0409 (Photoshop 4, BGR) and 0x040C (5 and later). */
const IRB_THUMBNAILS = new Set([0x0409, 0x040c]);

/**
 * An APP13 payload (Photoshop resource blocks) without Photoshop's thumbnail of the image: like
 * the EXIF thumbnail it shows the photo as it was, and some viewers show it. Dropped rather than
 * remade: Photoshop and Bridge make a missing one again, and the EXIF thumbnail is the one file
 * browsers and cameras read. Each block is '8BIM', a 16-bit id, a Pascal name padded to an even
 * length, a 32-bit size and the data padded to an even length; every other block stays byte for
 * byte. From the first byte that does not parse as a block, the rest is kept as it is.
 */
export function withoutIrbThumbnails(app13: Buffer): Buffer {
  const kept: Buffer[] = [app13.subarray(0, PHOTOSHOP_IRB_HEADER.length)];
  let at = PHOTOSHOP_IRB_HEADER.length;
  while (at + 12 <= app13.length && app13.subarray(at, at + 4).equals(IRB_SIGNATURE)) {
    const id = app13.readUInt16BE(at + 4);
    const nameLength = app13[at + 6] as number;
    const sizeAt = at + 6 + ((nameLength + 2) & ~1);
    if (sizeAt + 4 > app13.length) break;
    const size = app13.readUInt32BE(sizeAt);
    const end = sizeAt + 4 + size + (size & 1);
    if (end > app13.length) break;
    if (!IRB_THUMBNAILS.has(id)) kept.push(app13.subarray(at, end));
    at = end;
  }
  kept.push(app13.subarray(at));
  return Buffer.concat(kept);
}
