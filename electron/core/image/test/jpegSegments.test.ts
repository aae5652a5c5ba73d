/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present segments; a failed assertion is the test failing. */
/**
 * JPEG header surgery on real files: segments listed as the file holds them, inserted segments
 * read back by sharp and exifr, the 65533-byte limit, malformed headers refused; Photoshop's
 * thumbnail dropped from an APP13 block.
 */
import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import {
  APP1,
  APP13,
  buildSegment,
  insertSegments,
  isJfif,
  jfifSegment,
  JpegFormatError,
  MAX_SEGMENT_PAYLOAD,
  readSegments,
  SOS,
  withoutIrbThumbnails,
} from '../jpegSegments.js';

const photos = path.join(sharedDataDir(), 'photos');
/** JFIF 300 dpi, EXIF (II), IPTC; progressive. */
const img13 = fs.readFileSync(path.join(photos, 'portrait/deepface_img13.jpg'));

/** A small JPEG as libvips writes it for raw pixels: no APP segments at all. */
const bare = () =>
  sharp({ create: { width: 16, height: 8, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();

describe('readSegments', () => {
  it('lists the header segments of a real photo up to SOS', () => {
    const segments = readSegments(img13);
    expect(segments.map((s) => s.marker.toString(16))).toEqual([
      'e0',
      'e1',
      'ed',
      'db',
      'db',
      'c2',
      'c4',
      'c4',
      'da',
    ]);
    expect(isJfif(segments[0]!)).toBe(true);
    expect(segments[1]!.payload.subarray(0, 6).toString('latin1')).toBe('Exif\0\0');
    expect(segments[1]!.size).toBe(4716 + 2);
    // Segments tile the header: each starts where the previous one ended.
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]!.offset).toBe(segments[i - 1]!.offset + segments[i - 1]!.size);
    }
    expect(segments.at(-1)!.marker).toBe(SOS);
  });

  it('refuses what is not a well-formed JPEG header', () => {
    expect(() => readSegments(Buffer.from('not a jpeg at all'))).toThrow(JpegFormatError);
    // Truncated inside the EXIF segment.
    expect(() => readSegments(img13.subarray(0, 100))).toThrow(/overruns/);
    // A byte that is not a marker where one must be.
    const broken = Buffer.from(img13);
    broken[20] = 0x00;
    expect(() => readSegments(broken)).toThrow(/no marker at byte 20/);
  });
});

describe('buildSegment', () => {
  it('writes the length as the payload plus its own two bytes, up to 65533 bytes', () => {
    const segment = buildSegment(APP13, Buffer.alloc(MAX_SEGMENT_PAYLOAD, 7));
    expect([...segment.subarray(0, 4)]).toEqual([0xff, 0xed, 0xff, 0xff]);
    expect(segment.length).toBe(65537);
    expect(() => buildSegment(APP1, Buffer.alloc(MAX_SEGMENT_PAYLOAD + 1))).toThrow(RangeError);
  });
});

describe('insertSegments', () => {
  it('puts EXIF and IPTC right after SOI of a bare JPEG, readable by sharp and exifr', async () => {
    const [, exif, iptc] = readSegments(img13);
    const spliced = insertSegments(await bare(), [
      buildSegment(APP1, exif!.payload),
      buildSegment(APP13, iptc!.payload),
    ]);
    expect(readSegments(spliced).map((s) => s.marker)[0]).toBe(APP1);
    const meta = await sharp(spliced).metadata();
    expect(meta.exif?.equals(exif!.payload)).toBe(true);
    expect(meta.iptc?.equals(iptc!.payload)).toBe(true);
    expect([meta.width, meta.height]).toEqual([16, 8]);
    const tags = await exifr.parse(spliced, { iptc: true });
    const source = await exifr.parse(img13, { iptc: true });
    expect(tags.Make).toBe(source.Make);
    expect(tags.DateTimeOriginal).toEqual(source.DateTimeOriginal);
    expect(tags.ObjectName ?? tags.Headline ?? tags.Caption).toEqual(
      source.ObjectName ?? source.Headline ?? source.Caption,
    );
    // The image data is untouched: same pixels as before the splice.
    const [a, b] = [
      await sharp(await bare())
        .raw()
        .toBuffer(),
      await sharp(spliced).raw().toBuffer(),
    ];
    expect(a.equals(b)).toBe(true);
  });

  it('keeps a leading JFIF header first, and a JFIF header carries the density', async () => {
    const withJfif = insertSegments(await bare(), [jfifSegment(300)]);
    expect((await sharp(withJfif).metadata()).density).toBe(300);
    const [, exif] = readSegments(img13);
    const both = insertSegments(withJfif, [buildSegment(APP1, exif!.payload)]);
    const markers = readSegments(both).map((s) => s.marker);
    expect(markers.slice(0, 2)).toEqual([0xe0, APP1]);
    expect((await sharp(both).metadata()).exif?.equals(exif!.payload)).toBe(true);
  });
});

describe('withoutIrbThumbnails', () => {
  /** The resource ids of a Photoshop APP13 payload, in order. */
  const ids = (app13: Buffer) => {
    const out: number[] = [];
    for (let at = 14; at + 12 <= app13.length && app13.toString('latin1', at, at + 4) === '8BIM';) {
      out.push(app13.readUInt16BE(at + 4));
      const sizeAt = at + 6 + ((app13[at + 6]! + 2) & ~1);
      const size = app13.readUInt32BE(sizeAt);
      at = sizeAt + 4 + size + (size & 1);
    }
    return out;
  };

  it("drops Photoshop's thumbnail of the photo and keeps every other resource", async () => {
    const [, , app13] = readSegments(img13);
    const was = app13!.payload;
    expect(ids(was)).toContain(0x040c);
    const now = withoutIrbThumbnails(was);
    expect(ids(now)).toEqual(ids(was).filter((id) => id !== 0x040c));
    // The thumbnail is the same JPEG as the EXIF one; none of it is left.
    const thumbnail = Buffer.from((await exifr.thumbnail(img13))!);
    expect(was.indexOf(thumbnail)).not.toBe(-1);
    expect(now.indexOf(thumbnail.subarray(0, 64))).toBe(-1);
    // The IPTC record (resource 0x0404) reads back the same.
    const spliced = insertSegments(await bare(), [buildSegment(APP13, now)]);
    const tags = await exifr.parse(spliced, { iptc: true, tiff: false });
    const source = await exifr.parse(img13, { iptc: true, tiff: false });
    expect(tags).toEqual(source);
  });

  it('keeps what does not parse as a resource block as it is', () => {
    const [, , app13] = readSegments(img13);
    const cut = app13!.payload.subarray(0, 30);
    expect(withoutIrbThumbnails(cut).equals(cut)).toBe(true);
    const header = app13!.payload.subarray(0, 14);
    expect(withoutIrbThumbnails(header).equals(header)).toBe(true);
  });
});
