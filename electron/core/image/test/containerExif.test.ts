/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present metadata and in-bounds pixels; a failed assertion is the test failing. */
/**
 * PNG and WebP outputs carry the EXIF block the JPEG output gets, thumbnail of the restored
 * pixels included, where libvips had written the original's (which showed the unrestored
 * photo: deepface_img3 as PNG had a 15.6 KB block with it). Checked on real encodes against the
 * same encode before the block is replaced (encodeFromOriginal): only the EXIF chunk differs,
 * every PNG chunk's CRC holds, the WebP sizes add up, the pixels decode the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import {
  type Chunk,
  ContainerFormatError,
  heifBoxes,
  pngChunks,
  replaceExif,
  webpChunks,
} from '../containerExif.js';
import { type DecodedPhoto, decodePhoto } from '../decode.js';
import { encodeFromOriginal, encodePhoto, type EncodeOptions } from '../encode.js';
import { EXIF_HEADER } from '../exifUpright.js';
import { APP1, readSegments } from '../jpegSegments.js';
import { invertedRestoration, TEST_PROVENANCE, thumbnailDistance } from './helpers.js';

const photos = path.join(sharedDataDir(), 'photos');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-container-exif-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A small photo (550x367) whose EXIF has a thumbnail. */
const couple = 'blurry-real/restormer_couple.jpg';

/** An AVIF file with the EXIF (and thumbnail) of {@link couple}, as sharp writes it. */
async function avifSource(): Promise<string> {
  const file = path.join(tmp, 'couple.avif');
  if (!fs.existsSync(file)) {
    await sharp(path.join(photos, couple)).keepExif().avif({ quality: 60 }).toFile(file);
  }
  return file;
}

const tiffOf = (exif: Buffer) =>
  exif.subarray(0, EXIF_HEADER.length).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
const exifChunk = { png: 'eXIf', webp: 'EXIF' } as const;
const tags = { tiff: true, exif: true, gps: true, ifd1: true, mergeOutput: false } as const;

/** The container's structure holds: PNG CRCs, WebP's chunk and RIFF sizes. */
function checkContainer(file: Buffer, format: 'png' | 'webp'): Chunk[] {
  if (format === 'png') {
    const chunks = pngChunks(file);
    for (const c of chunks) {
      const crc = zlib.crc32(file.subarray(c.offset + 4, c.offset + c.size - 4));
      expect(file.readUInt32BE(c.offset + c.size - 4), `${c.type} CRC`).toBe(crc);
    }
    expect(chunks.at(-1)!.offset + chunks.at(-1)!.size).toBe(file.length);
    return chunks;
  }
  const chunks = webpChunks(file);
  expect(file.readUInt32LE(4)).toBe(file.length - 8);
  expect(chunks.at(-1)!.offset + chunks.at(-1)!.size).toBe(file.length);
  return chunks;
}

/**
 * Only the EXIF changed: PNG and WebP chunks other than the EXIF one byte for byte, in the same
 * order; in AVIF, nothing before the Exif item (libheif's last bytes) but its iloc length and
 * mdat's size, and the boxes still add up to the file.
 */
async function checkOnlyExifChanged(
  before: Buffer,
  after: Buffer,
  format: 'png' | 'webp' | 'heif',
) {
  if (format === 'heif') {
    const boxes = heifBoxes(after);
    expect(boxes.map((b) => b.type)).toEqual(heifBoxes(before).map((b) => b.type));
    expect(boxes.at(-1)!.offset + boxes.at(-1)!.size).toBe(after.length);
    // The old Exif item (exif_tiff_header_offset 6, 'Exif\0\0', TIFF) may be zeroed; past
    // that, the item's offset and length in iloc and mdat's size: 12 bytes at most.
    const item = Buffer.concat([Buffer.from([0, 0, 0, 6]), EXIF_HEADER]);
    const oldStart = before.indexOf(item);
    const oldEnd = oldStart + 4 + (await sharp(before).metadata()).exif!.length;
    const newStart = after.lastIndexOf(item);
    let changed = 0;
    for (let i = 0; i < Math.min(before.length, newStart); i++) {
      if (before[i] !== after[i] && (i < oldStart || i >= oldEnd)) changed++;
    }
    expect(changed).toBeLessThanOrEqual(12);
    return;
  }
  const old = checkContainer(before, format);
  const now = checkContainer(after, format);
  expect(now.map((c) => c.type)).toEqual(old.map((c) => c.type));
  for (const [i, c] of now.entries()) {
    if (c.type !== exifChunk[format]) expect(c.data.equals(old[i]!.data), c.type).toBe(true);
  }
}

/**
 * Encodes `photo` as `format` through encodePhoto and checks the output against the encode
 * before the surgery and against the JPEG output's EXIF.
 */
async function check(photo: DecodedPhoto, format: 'png' | 'webp' | 'heif', options: EncodeOptions) {
  const restored = invertedRestoration(photo);
  const [before, after, jpeg] = await Promise.all([
    encodeFromOriginal(photo, restored, options),
    encodePhoto(photo, restored, options),
    encodePhoto(photo, restored, { ...options, format: 'jpeg' }),
  ]);
  expect(after.format).toBe(format);
  await checkOnlyExifChanged(before.data, after.data, format);
  const [pixelsBefore, pixelsAfter] = await Promise.all(
    [before.data, after.data].map((d) => sharp(d).raw().toBuffer()),
  );
  expect(pixelsAfter!.equals(pixelsBefore!)).toBe(true);
  // The EXIF block is the JPEG output's, byte for byte, as libvips reads it back.
  const exif = (await sharp(after.data).metadata()).exif!;
  const jpegExif = readSegments(jpeg.data).find((s) => s.marker === APP1)!.payload;
  expect(tiffOf(exif).equals(tiffOf(jpegExif))).toBe(true);
  expect(await exifr.parse(tiffOf(exif), tags)).toEqual(await exifr.parse(jpeg.data, tags));
  return { data: after.data, exif: tiffOf(exif), restored };
}

/** A restored output's thumbnail: from the restored pixels, and the original's nowhere. */
async function checkThumbnail(
  photo: DecodedPhoto,
  data: Buffer,
  exif: Buffer,
  rgba8: Uint8ClampedArray,
) {
  const original = Buffer.from((await exifr.thumbnail(tiffOf(photo.source.exif!)))!);
  expect(data.indexOf(original.subarray(0, 64))).toBe(-1);
  const thumbnail = Buffer.from((await exifr.thumbnail(exif))!);
  const toRestored = await thumbnailDistance(thumbnail, rgba8, photo);
  expect(toRestored).toBeLessThan(8);
  expect(await thumbnailDistance(thumbnail, photo.rgba8.data, photo)).toBeGreaterThan(
    8 * toRestored,
  );
}

describe('EXIF of PNG and WebP outputs', () => {
  it.each([
    // MM and II blocks with thumbnails; Adobe RGB; CMYK source (sRGB PNG out)
    'portrait/deepface_img3.jpg',
    'portrait/deepface_img1.jpg',
    'colour-managed/deepface_img39_adobergb.jpg',
    'colour-managed/sharp_cmyk-swop-profile.jpg',
  ])('%s as PNG: the thumbnail is of the restored pixels', async (name) => {
    const photo = await decodePhoto(path.join(photos, name));
    const { data, exif, restored } = await check(photo, 'png', {
      provenance: TEST_PROVENANCE,
      format: 'png',
    });
    await checkThumbnail(photo, data, exif, restored.rgba8);
  });

  it('WebP source (its EXIF chunk with a thumbnail, as sharp writes it from a JPEG)', async () => {
    const file = path.join(tmp, 'img3.webp');
    await sharp(path.join(photos, 'portrait/deepface_img3.jpg'))
      .keepExif()
      .webp({ quality: 90 })
      .toFile(file);
    const photo = await decodePhoto(file);
    expect(await exifr.thumbnail(tiffOf(photo.source.exif!))).toBeDefined();
    const { data, exif, restored } = await check(photo, 'webp', { provenance: TEST_PROVENANCE });
    await checkThumbnail(photo, data, exif, restored.rgba8);
  });

  it('AVIF source (its Exif item with a thumbnail, as sharp writes it from a JPEG)', async () => {
    const photo = await decodePhoto(await avifSource());
    expect(await exifr.thumbnail(tiffOf(photo.source.exif!))).toBeDefined();
    const { data, exif, restored } = await check(photo, 'heif', { provenance: TEST_PROVENANCE });
    await checkThumbnail(photo, data, exif, restored.rgba8);
  });

  it('TIFF output carries no EXIF, so none of the original thumbnail', async () => {
    const photo = await decodePhoto(path.join(photos, couple));
    const original = Buffer.from((await exifr.thumbnail(photo.bytes))!);
    const { data } = await encodePhoto(photo, invertedRestoration(photo), {
      provenance: TEST_PROVENANCE,
      format: 'tiff',
    });
    expect((await sharp(data).metadata()).exif).toBeUndefined();
    expect(data.indexOf(original.subarray(0, 64))).toBe(-1);
  });

  it.each([
    // orientation 6 turned upright: Orientation 1 and the upright size, no thumbnail added
    ['exif-orientation/sharp_Landscape_6.jpg', 'png'],
    // a PNG source's own eXIf chunk ('same' format)
    ['group/gpen_solvay-conference-1927.png', 'same'],
  ] as const)('%s: no thumbnail where the original had none', async (name, format) => {
    const photo = await decodePhoto(path.join(photos, name));
    const { exif } = await check(photo, 'png', { provenance: TEST_PROVENANCE, format });
    expect(await exifr.thumbnail(exif)).toBeUndefined();
    const { ifd0 } = await exifr.parse(exif, { ...tags, translateValues: false });
    expect(ifd0.Orientation ?? 1).toBe(1);
  });
});

describe('PNG and WebP outputs of photos without EXIF', () => {
  it.each([
    ['exif-orientation/pillow_hopper.jpg', 'png'],
    ['colour-managed/libvips_sample_16bit.png', 'same'],
  ] as const)(
    '%s: no block made up (the JPEG output has none), the density kept',
    async (name, format) => {
      const photo = await decodePhoto(path.join(photos, name));
      expect(photo.source.exif).toBeUndefined();
      const restored = invertedRestoration(photo);
      const [{ data }, jpeg] = await Promise.all([
        encodePhoto(photo, restored, { provenance: TEST_PROVENANCE, format }),
        encodePhoto(photo, restored, { provenance: TEST_PROVENANCE, format: 'jpeg' }),
      ]);
      // libvips wrote a 180-byte block (72 dpi, ExifVersion 2.1, ColorSpace uncalibrated).
      expect(pngChunks(data).map((c) => c.type)).not.toContain('eXIf');
      expect(
        readSegments(jpeg.data).some(
          (s) => s.marker === APP1 && s.payload.subarray(0, 6).equals(EXIF_HEADER),
        ),
      ).toBe(false);
      const [source, output] = await Promise.all(
        [photo.bytes, data].map((d) => sharp(d).metadata()),
      );
      expect(output!.density).toBe(source!.density);
    },
  );

  it('WebP: no EXIF chunk and no EXIF flag', async () => {
    const file = path.join(tmp, 'hopper.webp');
    await sharp(path.join(photos, 'exif-orientation/pillow_hopper.jpg')).webp().toFile(file);
    const photo = await decodePhoto(file);
    const { data } = await encodePhoto(photo, invertedRestoration(photo), {
      provenance: TEST_PROVENANCE,
    });
    const chunks = checkContainer(data, 'webp');
    expect(chunks.map((c) => c.type)).not.toContain('EXIF');
    const vp8x = chunks.find((c) => c.type === 'VP8X');
    expect((vp8x?.data[0] ?? 0) & 0x08).toBe(0);
  });
});

describe('replaceExif', () => {
  it('leaves a file without EXIF as it is and refuses one that is not of its format', async () => {
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#808080' },
    })
      .png()
      .toBuffer();
    expect(replaceExif(png, 'png', Buffer.from('MM\0*'))).toBe(png);
    const avif = await sharp(png).avif().toBuffer();
    expect(replaceExif(avif, 'heif', Buffer.from('MM\0*'))).toBe(avif);
    expect(() => replaceExif(png, 'webp', Buffer.alloc(4))).toThrow(ContainerFormatError);
    expect(() => replaceExif(png.subarray(0, 40), 'png', Buffer.alloc(4))).toThrow(
      ContainerFormatError,
    );
  });

  it('PNG: a block shorter than the old one (written in place) or longer', async () => {
    const png = await sharp(path.join(photos, couple)).keepExif().png().toBuffer();
    const block = (await sharp(png).metadata()).exif!;
    const pixels = await sharp(png).raw().toBuffer();
    for (const exif of [block.subarray(0, block.length - 101), Buffer.concat([block, block])]) {
      // replaceExif takes its input over: each call gets a copy.
      const out = replaceExif(Buffer.from(png), 'png', exif);
      expect(out.length).toBe(png.length - block.length + exif.length);
      checkContainer(out, 'png');
      expect((await sharp(out).metadata()).exif!.equals(exif)).toBe(true);
      expect((await sharp(out).raw().toBuffer()).equals(pixels)).toBe(true);
    }
  });

  it('AVIF: in place when the Exif item does not end the file, else at the end', async () => {
    const avif = await sharp(await avifSource())
      .keepExif()
      .avif({ quality: 60 })
      .toBuffer();
    const pixels = await sharp(avif).raw().toBuffer();
    // A 'free' box after mdat: the Exif item no longer ends the file.
    const free = Buffer.from('\0\0\0\x08free', 'latin1');
    const file = Buffer.concat([avif, free]);
    const block = (await sharp(avif).metadata()).exif!;
    const smaller = block.subarray(0, block.length - 100);
    const out = replaceExif(Buffer.from(file), 'heif', smaller);
    expect(out.length).toBe(file.length);
    expect(out.subarray(-8).equals(free)).toBe(true);
    expect((await sharp(out).metadata()).exif!.equals(smaller)).toBe(true);
    expect((await sharp(out).raw().toBuffer()).equals(pixels)).toBe(true);
    const larger = Buffer.concat([block, Buffer.alloc(2)]);
    expect(() => replaceExif(Buffer.from(file), 'heif', larger)).toThrow(ContainerFormatError);
    // At the end of the file it can shrink or grow, and mdat with it.
    for (const exif of [smaller, larger]) {
      const ended = replaceExif(Buffer.from(avif), 'heif', exif);
      expect(ended.length).toBe(avif.length - block.length + exif.length);
      const mdat = heifBoxes(ended).at(-1)!;
      expect(mdat.offset + mdat.size).toBe(ended.length);
      expect((await sharp(ended).metadata()).exif!.equals(exif)).toBe(true);
      expect((await sharp(ended).raw().toBuffer()).equals(pixels)).toBe(true);
    }
  });

  it('pads an odd-sized WebP EXIF chunk to an even size and fixes the RIFF size', async () => {
    const webp = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#808080' },
    })
      .withExif({ IFD0: { Make: 'x' } })
      .webp()
      .toBuffer();
    const exif = Buffer.concat([
      EXIF_HEADER,
      Buffer.from('II*\0\x08\0\0\0\0\0\0\0\0\0\0', 'latin1'),
    ]);
    const out = replaceExif(Buffer.from(webp), 'webp', exif);
    const chunk = checkContainer(out, 'webp').find((c) => c.type === 'EXIF')!;
    expect(chunk.data.length % 2).toBe(1);
    expect(chunk.size).toBe(8 + chunk.data.length + 1);
    expect((await sharp(out).raw().toBuffer()).equals(await sharp(webp).raw().toBuffer())).toBe(
      true,
    );
  });
});
