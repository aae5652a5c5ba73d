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
  pngChunks,
  replaceExif,
  webpChunks,
} from '../containerExif.js';
import { type DecodedPhoto, decodePhoto } from '../decode.js';
import { encodeFromOriginal, encodePhoto, type EncodeOptions } from '../encode.js';
import { EXIF_HEADER } from '../exifUpright.js';
import { APP1, readSegments } from '../jpegSegments.js';

const photos = path.join(sharedDataDir(), 'photos');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-container-exif-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const provenance: EncodeOptions['provenance'] = {
  software: 'face-deblur',
  version: '0.0.0-test',
  models: {},
  trainedModels: false,
  mode: 'faces',
  kernelSize: 'auto',
  strength: 0.5,
  faces: 1,
};

/** Stands in for a restoration that changed every pixel: the colours inverted. */
function restoredOf(photo: DecodedPhoto) {
  const rgba8 = new Uint8ClampedArray(photo.rgba8.data);
  for (let i = 0; i < rgba8.length; i++) if (i % 4 !== 3) rgba8[i] = 255 - rgba8[i]!;
  return { rgba8 };
}

/** Mean difference of a thumbnail from `rgba` scaled down to its size by sharp. */
async function distance(
  thumbnail: Buffer,
  rgba: Uint8Array | Uint8ClampedArray,
  photo: DecodedPhoto,
) {
  const { data, info } = await sharp(thumbnail).removeAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  const scaled = await sharp(rgba, {
    raw: { width: photo.width, height: photo.height, channels: 4 },
  })
    .resize(info.width, info.height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - scaled[i]!);
  return sum / data.length;
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
 * Encodes `photo` as `format` through encodePhoto and checks the output against the encode
 * before the surgery and against the JPEG output's EXIF.
 */
async function check(photo: DecodedPhoto, format: 'png' | 'webp', options: EncodeOptions) {
  const restored = restoredOf(photo);
  const [before, after, jpeg] = await Promise.all([
    encodeFromOriginal(photo, restored, options),
    encodePhoto(photo, restored, options),
    encodePhoto(photo, restored, { ...options, format: 'jpeg' }),
  ]);
  expect(after.format).toBe(format);
  // Every chunk but the EXIF one byte for byte as the encoder wrote it, in the same order.
  const old = checkContainer(before.data, format);
  const now = checkContainer(after.data, format);
  expect(now.map((c) => c.type)).toEqual(old.map((c) => c.type));
  for (const [i, c] of now.entries()) {
    if (c.type !== exifChunk[format]) expect(c.data.equals(old[i]!.data), c.type).toBe(true);
  }
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
  const toRestored = await distance(thumbnail, rgba8, photo);
  expect(toRestored).toBeLessThan(8);
  expect(await distance(thumbnail, photo.rgba8.data, photo)).toBeGreaterThan(8 * toRestored);
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
    const { data, exif, restored } = await check(photo, 'png', { provenance, format: 'png' });
    await checkThumbnail(photo, data, exif, restored.rgba8);
  });

  it('WebP source (the EXIF chunk with its thumbnail, as sharp writes it from a JPEG)', async () => {
    const file = path.join(tmp, 'img3.webp');
    await sharp(path.join(photos, 'portrait/deepface_img3.jpg'))
      .keepExif()
      .webp({ quality: 90 })
      .toFile(file);
    const photo = await decodePhoto(file);
    expect(await exifr.thumbnail(tiffOf(photo.source.exif!))).toBeDefined();
    const { data, exif, restored } = await check(photo, 'webp', { provenance });
    await checkThumbnail(photo, data, exif, restored.rgba8);
  });

  it.each([
    // orientation 6 turned upright: Orientation 1 and the upright size, no thumbnail added
    ['exif-orientation/sharp_Landscape_6.jpg', 'png'],
    // a PNG source's own eXIf chunk ('same' format)
    ['group/gpen_solvay-conference-1927.png', 'same'],
  ] as const)('%s: no thumbnail where the original had none', async (name, format) => {
    const photo = await decodePhoto(path.join(photos, name));
    const { exif } = await check(photo, 'png', { provenance, format });
    expect(await exifr.thumbnail(exif)).toBeUndefined();
    const { ifd0 } = await exifr.parse(exif, { ...tags, translateValues: false });
    expect(ifd0.Orientation ?? 1).toBe(1);
  });
});

describe('replaceExif', () => {
  it('leaves a file without an EXIF chunk as it is and refuses what is not PNG or WebP', async () => {
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#808080' },
    })
      .png()
      .toBuffer();
    expect(replaceExif(png, 'png', Buffer.from('MM\0*'))).toBe(png);
    expect(() => replaceExif(png, 'webp', Buffer.alloc(4))).toThrow(ContainerFormatError);
    expect(() => replaceExif(png.subarray(0, 40), 'png', Buffer.alloc(4))).toThrow(
      ContainerFormatError,
    );
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
    const out = replaceExif(webp, 'webp', exif);
    const chunk = checkContainer(out, 'webp').find((c) => c.type === 'EXIF')!;
    expect(chunk.data.length % 2).toBe(1);
    expect(chunk.size).toBe(8 + chunk.data.length + 1);
    expect((await sharp(out).raw().toBuffer()).equals(await sharp(webp).raw().toBuffer())).toBe(
      true,
    );
  });
});
