/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present metadata and in-bounds pixels; a failed assertion is the test failing. */
/**
 * Decode -> encode round trips on the shared real photos: orientation, ICC, EXIF/IPTC/XMP,
 * bit depth and pixels survive; the provenance record is added; writes are atomic.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import { PARTIAL_SUFFIX, removeStalePartials, writeFileAtomic, nodeIo } from '../atomicWrite.js';
import { decodePhoto } from '../decode.js';
import { encodePhoto } from '../encode.js';
import { PhotoError } from '../errors.js';
import { withoutIrbThumbnails } from '../jpegSegments.js';
import { type Provenance, readProvenance } from '../provenance.js';
import { TEST_PROVENANCE } from './helpers.js';

const photos = path.join(sharedDataDir(), 'photos');
const provenance: Provenance = {
  ...TEST_PROVENANCE,
  models: { 'sketch_generator.onnx': 'ab'.repeat(32) },
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-image-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Upright sRGB pixels of an encoded image, as every viewer would show them. */
async function upright(input: Buffer | string, depth: 'uchar' | 'ushort' = 'uchar') {
  return sharp(input)
    .rotate()
    .toColourspace(depth === 'ushort' ? 'rgb16' : 'srgb')
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe('decodePhoto + encodePhoto', () => {
  it('applies every EXIF orientation and writes upright pixels with orientation 1', async () => {
    const reference = await upright(path.join(photos, 'exif-orientation/sharp_Landscape_1.jpg'));
    for (let o = 1; o <= 8; o++) {
      const photo = await decodePhoto(
        path.join(photos, `exif-orientation/sharp_Landscape_${o}.jpg`),
      );
      expect(photo.source.orientation).toBe(o);
      expect([photo.width, photo.height]).toEqual([reference.info.width, reference.info.height]);
      const { data } = await encodePhoto(photo, { rgba8: photo.rgba8.data }, { provenance });
      const meta = await sharp(data).metadata();
      expect(meta.orientation ?? 1).toBe(1);
      const back = await upright(data);
      expect(back.info.width).toBe(reference.info.width);
      // Same picture the right way up (JPEG re-encoding: small mean difference).
      let sum = 0;
      for (let i = 0; i < back.data.length; i++)
        sum += Math.abs(back.data[i]! - reference.data[i]!);
      expect(sum / back.data.length).toBeLessThan(6);
    }
  });

  it('keeps ICC, EXIF, IPTC and XMP and adds the provenance record', async () => {
    const file = path.join(photos, 'colour-managed/sharp_cmyk-swop-profile.jpg');
    const photo = await decodePhoto(file);
    const before = await sharp(file).metadata();
    const { data } = await encodePhoto(photo, { rgba8: photo.rgba8.data }, { provenance });
    const after = await sharp(data).metadata();
    expect(after.space).toBe('cmyk');
    expect(after.icc?.equals(before.icc!)).toBe(true);
    // Without Photoshop's thumbnail of the unrestored photo.
    expect(after.iptc?.equals(withoutIrbThumbnails(before.iptc!))).toBe(true);
    expect(after.exif?.length).toBeGreaterThan(1000);
    expect(after.xmp!.toString()).toContain(before.xmp!.toString().slice(200, 400));
    expect(readProvenance(after.xmp)).toMatchObject({ Software: 'face-deblur', Strength: '0.5' });
    // Colours as displayed stay where they were (through the CMYK profile both ways).
    const [a, b] = [await upright(file), await upright(data)];
    let sum = 0;
    for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
    expect(sum / a.data.length).toBeLessThan(2);
  });

  it.each([
    'colour-managed/deepface_img22_adobergb.jpg',
    'colour-managed/face-recognition_john2_prophoto.jpeg',
    'colour-managed/libvips_sample_a98.jpg',
  ])('converts %s to sRGB and back into its own profile', async (name) => {
    const file = path.join(photos, name);
    const photo = await decodePhoto(file);
    const { data } = await encodePhoto(photo, { rgba8: photo.rgba8.data }, { provenance });
    expect((await sharp(data).metadata()).icc?.equals((await sharp(file).metadata()).icc!)).toBe(
      true,
    );
    const back = await upright(data);
    let sum = 0;
    for (let i = 0; i < back.data.length; i++) {
      sum += Math.abs(back.data[i]! - photo.rgba8.data[4 * Math.floor(i / 3) + (i % 3)]!);
    }
    expect(sum / back.data.length).toBeLessThan(1.5);
  });

  it('keeps 16-bit PNG bit-exact and 16-bit TIFF at 16 bits', async () => {
    const png = path.join(photos, 'colour-managed/libvips_sample_16bit.png');
    const photo = await decodePhoto(png);
    expect(photo.source.bitDepth).toBe(16);
    const { data } = await encodePhoto(
      photo,
      { rgba8: photo.rgba8.data, rgba16: photo.rgba16! },
      { provenance },
    );
    expect((await sharp(data).metadata()).depth).toBe('ushort');
    const [a, b] = [await upright(png, 'ushort'), await upright(data, 'ushort')];
    expect(
      maxDiff(
        new Uint16Array(a.data.buffer, a.data.byteOffset, a.data.length / 2),
        new Uint16Array(b.data.buffer, b.data.byteOffset, b.data.length / 2),
      ),
    ).toBe(0);

    const tiff = path.join(photos, 'colour-managed/sharp_tifftag-photoshop_16bit-adobergb.tiff');
    const t = await decodePhoto(tiff);
    const out = await encodePhoto(t, { rgba8: t.rgba8.data, rgba16: t.rgba16! }, { provenance });
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.depth, meta.icc?.length]).toEqual(['tiff', 'ushort', 560]);
  });

  it.each([
    ['webp', (p: Sharp) => p.webp({ quality: 90 })],
    ['heif', (p: Sharp) => p.avif({ quality: 60 })],
  ] as const)('round-trips %s in its own format', async (format, encode) => {
    const file = path.join(tmp, `face.${format}`);
    await encode(
      sharp(path.join(photos, 'portrait/deepface_img13.jpg')).resize({ width: 240 }),
    ).toFile(file);
    const photo = await decodePhoto(file);
    expect(photo.source.format).toBe(format);
    const out = await encodePhoto(photo, { rgba8: photo.rgba8.data }, { provenance });
    expect(out.format).toBe(format);
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.width]).toEqual([format, 240]);
  });

  it("keeps a JPEG's 4:2:0 chroma; other JPEGs and conversions get full-resolution colour", async () => {
    const asJpeg = async (file: string) => {
      const photo = await decodePhoto(file);
      const out = await encodePhoto(
        photo,
        { rgba8: photo.rgba8.data },
        { provenance, format: 'jpeg' },
      );
      return (await sharp(out.data).metadata()).chromaSubsampling;
    };
    for (const chroma of ['4:2:0', '4:4:4'] as const) {
      const file = path.join(tmp, `chroma-${chroma.replaceAll(':', '')}.jpg`);
      await sharp(path.join(photos, 'portrait/deepface_img13.jpg'))
        .jpeg({ chromaSubsampling: chroma })
        .toFile(file);
      expect(await asJpeg(file)).toBe(chroma);
    }
    expect(await asJpeg(path.join(photos, 'colour-managed/libvips_sample_16bit.png'))).toBe(
      '4:4:4',
    );
  });

  it('refuses images over the pixel limit and non-images with a PhotoError', async () => {
    const file = path.join(photos, 'portrait/deepface_img1.jpg');
    await expect(decodePhoto(file, { maxPixels: 1000 })).rejects.toMatchObject({
      code: 'too-large',
    });
    const fake = path.join(tmp, 'fake.jpg');
    fs.writeFileSync(fake, 'hello, not an image');
    await expect(decodePhoto(fake)).rejects.toBeInstanceOf(PhotoError);
    await expect(decodePhoto(fake)).rejects.toMatchObject({ code: 'not-an-image' });
  });
});

describe('writeFileAtomic', () => {
  it('leaves nothing behind when the disk fills up mid-write', async () => {
    const target = path.join(tmp, 'out.jpg');
    const full = {
      ...nodeIo,
      async writeFile(file: string, data: Uint8Array) {
        fs.writeFileSync(file, data.subarray(0, data.length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    await expect(writeFileAtomic(target, new Uint8Array(1000), full)).rejects.toThrow(/ENOSPC/);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.out.jpg'))).toEqual([]);
    expect(fs.existsSync(target)).toBe(false);
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    expect([...fs.readFileSync(target)]).toEqual([1, 2, 3]);
  });

  it('removes temporary files of dead writers only', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'stale-'));
    const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');
    const dead = path.join(dir, `.a.jpg.${host}.999999999.0${PARTIAL_SUFFIX}`);
    const live = path.join(dir, `.b.jpg.${host}.${process.ppid}.0${PARTIAL_SUFFIX}`);
    const elsewhere = path.join(dir, `.c.jpg.other-host.999999999.0${PARTIAL_SUFFIX}`);
    for (const f of [dead, live, elsewhere]) fs.writeFileSync(f, 'x');
    expect(await removeStalePartials(dir)).toBe(1);
    expect([dead, live, elsewhere].map((f) => fs.existsSync(f))).toEqual([false, true, true]);
  });
});
