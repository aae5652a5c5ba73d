/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present segments; a failed assertion is the test failing. */
/**
 * The EXIF patch for upright output, on real camera blocks in both byte orders and on blocks
 * built here tag by tag: Orientation becomes 1, pixel dimensions the output's, the thumbnail a
 * new one or none (never the original's), nothing else moves; blocks that are not a TIFF
 * structure are refused.
 */
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import {
  EXIF_HEADER,
  ExifFormatError,
  type ExifThumbnail,
  hasJpegThumbnail,
  uprightExif,
} from '../exifUpright.js';
import { APP1, buildSegment, insertSegments } from '../jpegSegments.js';

const photos = path.join(sharedDataDir(), 'photos');
const exifOf = async (name: string) => (await sharp(path.join(photos, name)).metadata()).exif!;

type Entry = [tag: number, type: 3 | 4, value: number];

/**
 * A TIFF structure: IFD0 with `ifd0` entries (plus the Exif IFD pointer when `exifIfd` is
 * given), then the Exif IFD. Entries hold one SHORT (3) or LONG (4) each.
 */
function buildTiff(little: boolean, ifd0: Entry[], exifIfd?: Entry[]): Buffer {
  const entries0: [number, number, number][] = [...ifd0];
  const ifd0Size = 2 + 12 * (entries0.length + (exifIfd ? 1 : 0)) + 4;
  if (exifIfd) entries0.push([0x8769, 4, 8 + ifd0Size]);
  entries0.sort((a, b) => a[0] - b[0]);
  const exifSize = exifIfd ? 2 + 12 * exifIfd.length + 4 : 0;
  const out = Buffer.alloc(8 + ifd0Size + exifSize);
  const u16 = (v: number, at: number) =>
    little ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at);
  const u32 = (v: number, at: number) =>
    little ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at);
  out.write(little ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  const writeIfd = (at: number, entries: [number, number, number][]) => {
    u16(entries.length, at);
    entries.forEach(([tag, type, value], i) => {
      const e = at + 2 + 12 * i;
      u16(tag, e);
      u16(type, e + 2);
      u32(1, e + 4);
      if (type === 3) u16(value, e + 8);
      else u32(value, e + 8);
    });
  };
  writeIfd(8, entries0);
  if (exifIfd) writeIfd(8 + ifd0Size, exifIfd);
  return out;
}

/** Reads a patched payload back through exifr, as a viewer would (no value translation). */
const readBack = (payload: Buffer) =>
  exifr.parse(payload.subarray(EXIF_HEADER.length), {
    tiff: true,
    exif: true,
    translateValues: false,
    reviveValues: false,
  });

describe('uprightExif', () => {
  it.each([
    ['II', true],
    ['MM', false],
  ])('sets Orientation 1 and the pixel dimensions in %s byte order', async (_order, little) => {
    const tiff = buildTiff(
      little,
      [
        [0x0112, 3, 6],
        [0x0100, 4, 4000],
      ],
      [
        [0xa002, 4, 4000],
        [0xa003, 3, 3000],
      ],
    );
    const payload = uprightExif(tiff, 3000, 4000, null);
    expect(payload.subarray(0, 6).equals(EXIF_HEADER)).toBe(true);
    expect(payload.length).toBe(EXIF_HEADER.length + tiff.length);
    const tags = await readBack(payload);
    expect(tags).toMatchObject({
      Orientation: 1,
      ImageWidth: 4000,
      ExifImageWidth: 3000,
      ExifImageHeight: 4000,
    });
    // Only the three values changed: the same bytes elsewhere, the input untouched.
    const before = await readBack(Buffer.concat([EXIF_HEADER, tiff]));
    expect(before).toMatchObject({ Orientation: 6, ExifImageWidth: 4000, ExifImageHeight: 3000 });
    let changed = 0;
    for (let i = 0; i < tiff.length; i++) if (tiff[i] !== payload[i + 6]) changed++;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThanOrEqual(5);
  });

  it('leaves a block without those tags as it is', () => {
    const tiff = buildTiff(false, [[0x0100, 3, 640]]);
    expect(uprightExif(tiff, 10, 10, null).subarray(6).equals(tiff)).toBe(true);
  });

  it('patches real camera blocks (II and MM) and keeps every other tag', async () => {
    for (const [name, order] of [
      ['exif-orientation/pillow_hopper_orientation_6.jpg', 'II'],
      ['exif-orientation/sharp_Landscape_6.jpg', 'MM'],
      ['colour-managed/deepface_img39_adobergb.jpg', 'MM'],
      ['portrait/deepface_img1.jpg', 'II'],
    ] as const) {
      const exif = await exifOf(name);
      expect(exif.toString('latin1', 6, 8)).toBe(order);
      const payload = uprightExif(exif, 123, 45, null);
      const jpeg = insertSegments(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
          .jpeg()
          .toBuffer(),
        [buildSegment(APP1, payload)],
      );
      expect((await sharp(jpeg).metadata()).orientation ?? 1).toBe(1);
      const options = { tiff: true, exif: true, gps: true, ifd1: true, mergeOutput: false };
      const [was, now] = [
        await exifr.parse(exif.subarray(EXIF_HEADER.length), options),
        await exifr.parse(jpeg, options),
      ];
      const drop = ({
        Orientation: _o,
        ExifImageWidth: _w,
        ExifImageHeight: _h,
        ...rest
      }: object & {
        Orientation?: unknown;
        ExifImageWidth?: unknown;
        ExifImageHeight?: unknown;
      }) => rest;
      expect(drop(now.ifd0)).toEqual(drop(was.ifd0));
      expect(drop(now.exif ?? {})).toEqual(drop(was.exif ?? {}));
      expect(now.gps).toEqual(was.gps);
      if (was.exif?.ExifImageWidth !== undefined) {
        expect([now.exif.ExifImageWidth, now.exif.ExifImageHeight]).toEqual([123, 45]);
      }
    }
  });

  it('refuses blocks that are not a TIFF structure it can patch', () => {
    expect(() => uprightExif(Buffer.from('Exif\0\0garbage!!'), 1, 1, null)).toThrow(
      ExifFormatError,
    );
    // IFD0 offset pointing past the end.
    const tiff = buildTiff(true, [[0x0112, 3, 6]]);
    tiff.writeUInt32LE(10_000, 4);
    expect(() => uprightExif(tiff, 1, 1, null)).toThrow(/outside the block/);
    // Orientation stored as a RATIONAL: patching it in place could write a wrong value.
    const odd = buildTiff(true, [[0x0112, 3, 6]]);
    odd.writeUInt16LE(5, 8 + 2 + 2);
    expect(() => uprightExif(odd, 1, 1, null)).toThrow(/not one SHORT or LONG/);
    // Pixel dimension over what a SHORT holds.
    const short = buildTiff(true, [], [[0xa002, 3, 100]]);
    expect(() => uprightExif(short, 70_000, 1, null)).toThrow(/does not fit a SHORT/);
  });
});

describe('uprightExif and the thumbnail', () => {
  /** IFD1 (the thumbnail's IFD) and the thumbnail itself, as a viewer reads them. */
  const thumbnailOf = async (payload: Buffer) => {
    const jpeg = insertSegments(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer(),
      [buildSegment(APP1, payload)],
    );
    const tags = await exifr.parse(jpeg, {
      tiff: true,
      ifd1: true,
      mergeOutput: false,
      translateValues: false,
    });
    return { ifd1: tags.ifd1, thumbnail: await exifr.thumbnail(jpeg) };
  };
  const otherTags = (ifd1: object & { ThumbnailOffset?: unknown; ThumbnailLength?: unknown }) => {
    const { ThumbnailOffset: _o, ThumbnailLength: _l, ...rest } = ifd1;
    return rest;
  };
  const contains = (haystack: Buffer, needle: Buffer) => haystack.indexOf(needle) !== -1;
  let replacement: ExifThumbnail;
  beforeAll(async () => {
    const jpeg = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#c04' } })
      .jpeg()
      .toBuffer();
    replacement = { jpeg, width: 16, height: 12 };
  });

  it.each([
    // II and MM, the thumbnail ending the block in both
    ['portrait/deepface_img1.jpg', 'II'],
    ['colour-managed/deepface_img39_adobergb.jpg', 'MM'],
  ] as const)('replaces the thumbnail of %s (%s), other tags as they were', async (name, order) => {
    const exif = await exifOf(name);
    expect(exif.toString('latin1', 6, 8)).toBe(order);
    expect(hasJpegThumbnail(exif)).toBe(true);
    const was = await thumbnailOf(Buffer.from(exif));
    const old = Buffer.from(was.thumbnail!);
    const payload = uprightExif(exif, 10, 10, replacement);
    const now = await thumbnailOf(payload);
    expect(Buffer.from(now.thumbnail!).equals(replacement.jpeg)).toBe(true);
    expect(otherTags(now.ifd1)).toEqual(otherTags(was.ifd1));
    // Written where the old one was, at the end: the block does not grow by the old one's size.
    expect(now.ifd1.ThumbnailOffset).toBe(was.ifd1.ThumbnailOffset);
    expect(payload.length).toBe(exif.length - old.length + replacement.jpeg.length);
    expect(contains(payload, old)).toBe(false);
  });

  it('zeroes a thumbnail that does not end the block and appends the new one', async () => {
    // Data after the thumbnail (a maker note could lie there): it stays where it is.
    const trailer = Buffer.alloc(101, 0x55);
    const exif = Buffer.concat([await exifOf('portrait/deepface_img3.jpg'), trailer]);
    const old = Buffer.from((await thumbnailOf(exif)).thumbnail!);
    const payload = uprightExif(exif, 10, 10, replacement);
    const now = await thumbnailOf(payload);
    expect(Buffer.from(now.thumbnail!).equals(replacement.jpeg)).toBe(true);
    // Appended at an even offset after the 101 bytes, which are kept.
    const tiffSize = exif.length - EXIF_HEADER.length;
    expect(now.ifd1.ThumbnailOffset).toBe(tiffSize + 1);
    expect(payload.subarray(exif.length - trailer.length, exif.length).equals(trailer)).toBe(true);
    expect(contains(payload, old)).toBe(false);
    expect(contains(payload, old.subarray(0, 64))).toBe(false);
  });

  it('drops the thumbnail without a replacement, keeping everything else', async () => {
    const exif = await exifOf('portrait/deepface_img13.jpg');
    const old = Buffer.from((await thumbnailOf(exif)).thumbnail!);
    const payload = uprightExif(exif, 10, 10, null);
    expect(payload.length).toBe(exif.length);
    const now = await thumbnailOf(payload);
    expect(now.ifd1).toBeUndefined();
    expect(now.thumbnail).toBeUndefined();
    expect(hasJpegThumbnail(payload)).toBe(false);
    expect(contains(payload, old.subarray(0, 64))).toBe(false);
    const options = { tiff: true, exif: true, gps: true, mergeOutput: false };
    const [was, is] = [
      await exifr.parse(exif.subarray(EXIF_HEADER.length), options),
      await exifr.parse(payload.subarray(EXIF_HEADER.length), options),
    ];
    expect(is.exif).toEqual({ ...was.exif, ExifImageWidth: 10, ExifImageHeight: 10 });
    expect(is.gps).toEqual(was.gps);
  });

  it('adds no thumbnail to a block that had none', () => {
    const tiff = buildTiff(true, [[0x0112, 3, 6]]);
    expect(hasJpegThumbnail(tiff)).toBe(false);
    expect(uprightExif(tiff, 1, 1, replacement).equals(uprightExif(tiff, 1, 1, null))).toBe(true);
  });

  it('unlinks an IFD1 that does not hold a JPEG thumbnail', async () => {
    const exif = Buffer.from(await exifOf('portrait/deepface_img3.jpg'));
    // The offset entry pointing at bytes that are not a JPEG (no FF D8).
    const start = EXIF_HEADER.length + (await thumbnailOf(exif)).ifd1.ThumbnailOffset;
    exif[start] = 0;
    expect(hasJpegThumbnail(exif)).toBe(false);
    const now = await thumbnailOf(uprightExif(exif, 10, 10, replacement));
    expect([now.ifd1, now.thumbnail]).toEqual([undefined, undefined]);
  });
});
