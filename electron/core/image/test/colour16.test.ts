/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index in-bounds pixels and known-present 16-bit copies; a failed assertion is the test failing. */
/**
 * 16-bit sources with an embedded profile (Adobe RGB here): rgba8 is true sRGB, and the file
 * written back without restored faces holds the original's 16-bit samples exactly and shows
 * the same colours. sharp imports such sources into Display P3 (its 16-bit working space);
 * decode used to hand those P3 values on as sRGB (up to 82 levels off, the yellow below came
 * out [254, 252, 84] for [254, 252, 9]), the encoder read them back as P3, which clipped the
 * Adobe RGB colours outside P3 (16-bit samples up to 3949 of 65535 off after a round trip), and
 * the direct JPEG path read them as sRGB (up to 89 levels off).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import { decodePhoto } from '../decode.js';
import { encodePhoto, type EncodeOptions } from '../encode.js';
import { loadRgba } from '../rgba.js';
import { TEST_PROVENANCE } from './helpers.js';

const photos = path.join(sharedDataDir(), 'photos');
const tiff = path.join(photos, 'colour-managed/sharp_tifftag-photoshop_16bit-adobergb.tiff');
const options: EncodeOptions = { provenance: { ...TEST_PROVENANCE, faces: 0 } };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-colour16-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
/** The TIFF's samples and profile as a 16-bit PNG: it takes the direct JPEG path. */
const png = path.join(tmp, 'adobergb16.png');
beforeAll(async () => {
  await sharp(tiff).keepIccProfile().toColourspace('rgb16').png().toFile(png);
});

/** A file's stored 16-bit samples, no colour transform. */
async function samples16(input: string | Buffer) {
  const { data } = await sharp(input)
    .keepIccProfile()
    .toColourspace('rgb16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  return new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
}

/**
 * sRGB through a route decode does not take: the 16-bit samples reduced to 8 bits first, then
 * one littlecms transform from the embedded profile. Within 4 levels (mean 0.48) of a float
 * computation from the profile's matrix and gamma, as the 16-bit route is.
 */
async function srgbBy8BitRoute(input: string | Buffer) {
  return sharp(input).pipelineColourspace('srgb').toColourspace('srgb').raw().toBuffer();
}

/** Largest and mean difference of the colour channels, `a` RGBA against `b` RGB. */
function difference(a: ArrayLike<number>, b: ArrayLike<number>, aChannels = 4) {
  let max = 0;
  let sum = 0;
  const n = b.length / 3;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[aChannels * i + c]! - b[3 * i + c]!);
      max = Math.max(max, d);
      sum += d;
    }
  }
  return { max, mean: sum / (3 * n) };
}

describe('16-bit sources with an ICC profile', () => {
  it.each([
    ['TIFF', () => tiff],
    ['PNG', () => png],
  ] as const)('decodes the Adobe RGB %s to true sRGB', async (_, file) => {
    const photo = await decodePhoto(file());
    expect([photo.source.bitDepth, photo.source.icc?.length]).toEqual([16, 560]);
    const rgba = photo.rgba8.data;
    const at = (x: number, y: number) => [
      ...rgba.subarray(4 * (y * 317 + x), 4 * (y * 317 + x) + 3),
    ];
    // Reference values computed in floating point from the profile's primaries and gamma
    // (2.19921875) to sRGB (D50 matrix and curve), rounded; the old decode gave
    // [254, 252, 84] and [200, 159, 71].
    const close = (got: number[], want: number[]) =>
      got.forEach((v, c) => expect(Math.abs(v - want[c]!)).toBeLessThanOrEqual(1));
    close(at(20, 198), [254, 252, 9]);
    close(at(22, 113), [207, 157, 50]);
    // The whole frame against the 8-bit route (old decode: max 83, mean 3.49).
    const { max, mean } = difference(rgba, await srgbBy8BitRoute(file()));
    expect(max).toBeLessThanOrEqual(5);
    expect(mean).toBeLessThan(0.5);
    // rgba16 is the file's own samples, for the encoder to write back.
    const stored = await samples16(file());
    expect(difference(photo.rgba16!, stored).max).toBe(0);
  });

  it.each([
    ['TIFF', () => tiff, 'tiff'],
    ['PNG', () => png, 'png'],
  ] as const)(
    'writes a %s back with the same 16-bit samples and profile',
    async (_, which, format) => {
      const file = which();
      const photo = await decodePhoto(file);
      const { data } = await encodePhoto(
        photo,
        { rgba8: photo.rgba8.data, rgba16: photo.rgba16! },
        options,
      );
      const meta = await sharp(data).metadata();
      expect([meta.format, meta.depth]).toEqual([format, 'ushort']);
      expect(meta.icc?.equals(photo.source.icc!)).toBe(true);
      // Old: up to 3949 of 65535 off (mean 94), where Adobe RGB leaves P3.
      expect(difference(await samples16(data), await samples16(file), 3).max).toBe(0);
      // And decoded again, the same sRGB pixels.
      const back = path.join(tmp, `back.${format}`);
      fs.writeFileSync(back, data);
      expect(
        Buffer.from((await decodePhoto(back)).rgba8.data).equals(Buffer.from(photo.rgba8.data)),
      ).toBe(true);
    },
  );

  it.each([
    // through the original file (the TIFF's IPTC is not an APP13 block): right before too, the
    // encoder reading the P3 pixels as P3
    ['TIFF', () => tiff],
    // straight from the pixels: old, up to 84 levels off (the P3 pixels read as sRGB)
    ['PNG', () => png],
  ] as const)('converts a %s to a JPEG in its own profile', async (_, which) => {
    const file = which();
    const photo = await decodePhoto(file);
    const { data } = await encodePhoto(
      photo,
      { rgba8: photo.rgba8.data, rgba16: photo.rgba16! },
      { ...options, format: 'jpeg', quality: 100 },
    );
    const meta = await sharp(data).metadata();
    expect([meta.format, meta.depth]).toEqual(['jpeg', 'uchar']);
    expect(meta.icc?.equals(photo.source.icc!)).toBe(true);
    const shown = await sharp(data).withIccProfile('srgb').toColourspace('srgb').raw().toBuffer();
    // Quality 100 with 4:4:4 colour: 8-bit Adobe RGB and the DCT round add up to 13 levels
    // (mean 0.97) on the most saturated edges; an sRGB JPEG of the same pixels: 4.
    const { max, mean } = difference(shown, await srgbBy8BitRoute(file), 3);
    expect(max).toBeLessThanOrEqual(16);
    expect(mean).toBeLessThan(1.5);
  });

  it('leaves 8-bit and unprofiled 16-bit decoding as sharp does it', async () => {
    for (const name of [
      'colour-managed/deepface_img39_adobergb.jpg',
      'colour-managed/face-recognition_john2_prophoto.jpeg',
      'colour-managed/libvips_sample_16bit.png',
    ]) {
      const file = path.join(photos, name);
      const photo = await decodePhoto(file);
      const plain = await loadRgba(file);
      expect(Buffer.from(photo.rgba8.data).equals(Buffer.from(plain.data))).toBe(true);
    }
  });
});
