/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present metadata; a failed assertion is the test failing. */
/**
 * JPEG output written straight from the restored pixels, checked against the path through the
 * original file (encodeFromOriginal, libvips writing the metadata) on real photos: the same
 * decoded pixels, ICC profile, IPTC, XMP with provenance and density; the original's EXIF read
 * back tag for tag with Orientation 1; the fallbacks and the oversized-EXIF rule.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import { type DecodedPhoto, decodePhoto } from '../decode.js';
import { encodeFromOriginal, encodePhoto, type EncodeOptions } from '../encode.js';
import { EXIF_HEADER } from '../exifUpright.js';
import { APP0, APP1, isJfif, readSegments, withoutIrbThumbnails } from '../jpegSegments.js';
import { type Provenance, readProvenance } from '../provenance.js';
import { TEST_PROVENANCE } from './helpers.js';

const photos = path.join(sharedDataDir(), 'photos');
const provenance: Provenance = {
  ...TEST_PROVENANCE,
  models: { 'sketch_generator.onnx': 'cd'.repeat(32) },
  strength: 0.75,
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-encode-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const options: EncodeOptions = { provenance, format: 'jpeg' };
const restoredOf = (photo: DecodedPhoto) => ({ rgba8: photo.rgba8.data });

const exifTags = {
  tiff: true,
  exif: true,
  gps: true,
  mergeOutput: false,
  translateValues: false,
} as const;
/** Tags the output may change: the pixels are upright and sized as written. */
function unchangedTags(block: Record<string, unknown> | undefined) {
  const { Orientation: _o, ExifImageWidth: _w, ExifImageHeight: _h, ...rest } = block ?? {};
  return rest;
}

describe('encodePhoto to JPEG, straight from the pixels', () => {
  it.each([
    // the e2e export test's photo: EXIF (Make, Model), sRGB profile, XMP, IPTC
    'blurry-real/restormer_couple.jpg',
    // progressive 4:4:4, JFIF 300 dpi, EXIF (II) with Make/Model/DateTimeOriginal, IPTC
    'portrait/deepface_img13.jpg',
    // EXIF (MM) orientation 6 and an sRGB profile; EXIF (II) orientation 8 without one
    'exif-orientation/sharp_Landscape_6.jpg',
    'exif-orientation/pillow_hopper_orientation_8.jpg',
    // Adobe RGB with EXIF (MM) and IPTC; ProPhoto; a display profile with 4:2:0
    'colour-managed/deepface_img39_adobergb.jpg',
    'colour-managed/face-recognition_john2_prophoto.jpeg',
    'colour-managed/deepface_couple_apple-display-profile.jpg',
    // CMYK with a 557 KB profile (chunked by sharp), EXIF, IPTC, XMP
    'colour-managed/sharp_cmyk-swop-profile.jpg',
    // grey, no metadata but 600 dpi; a 16-bit PNG converted to JPEG
    'bw-old/deoldify_evelyn-nesbit.jpg',
    'colour-managed/libvips_sample_16bit.png',
  ])('%s: same file as through the original, with its EXIF', async (name) => {
    const file = path.join(photos, name);
    const photo = await decodePhoto(file);
    const [direct, through] = await Promise.all([
      encodePhoto(photo, restoredOf(photo), options),
      encodeFromOriginal(photo, restoredOf(photo), options),
    ]);
    expect(direct.format).toBe('jpeg');
    const [now, was] = await Promise.all([
      sharp(direct.data).metadata(),
      sharp(through.data).metadata(),
    ]);
    // Same decoded samples (CMYK stays CMYK, grey stays grey), chroma subsampling and density.
    const [a, b] = await Promise.all([
      sharp(direct.data).raw().toBuffer(),
      sharp(through.data).raw().toBuffer(),
    ]);
    expect(a.equals(b)).toBe(true);
    for (const key of [
      'width',
      'height',
      'space',
      'channels',
      'chromaSubsampling',
      'density',
    ] as const) {
      expect(now[key]).toEqual(was[key]);
    }
    // ICC profile bytes, IPTC block (without Photoshop's thumbnail of the unrestored photo,
    // which libvips keeps), XMP packet (the original's plus the provenance).
    expect(now.icc?.toString('hex')).toEqual(was.icc?.toString('hex'));
    expect(now.iptc?.toString('hex')).toEqual(
      was.iptc && withoutIrbThumbnails(was.iptc).toString('hex'),
    );
    expect(now.xmp?.toString()).toEqual(was.xmp?.toString());
    expect(readProvenance(now.xmp)).toMatchObject({ Software: 'face-deblur', Strength: '0.75' });
    expect(now.orientation ?? 1).toBe(1);

    // The original's EXIF, tag for tag (libvips' copy instead drops tags libexif does not know
    // and adds defaults), with Orientation 1 and the output's pixel dimensions.
    if (photo.source.exif) {
      const source = await exifr.parse(photo.source.exif.subarray(EXIF_HEADER.length), exifTags);
      const output = await exifr.parse(direct.data, exifTags);
      expect(unchangedTags(output.ifd0)).toEqual(unchangedTags(source.ifd0));
      expect(unchangedTags(output.exif)).toEqual(unchangedTags(source.exif));
      expect(output.gps).toEqual(source.gps);
      expect(output.ifd0.Orientation ?? 1).toBe(1);
      if (source.exif?.ExifImageWidth !== undefined) {
        expect([output.exif.ExifImageWidth, output.exif.ExifImageHeight]).toEqual([
          photo.width,
          photo.height,
        ]);
      }
    } else {
      expect(now.exif).toBeUndefined();
    }
    // Header order: SOI, JFIF (not for CMYK), then EXIF when there is one.
    const markers = readSegments(direct.data);
    const jfif = photo.source.space !== 'cmyk';
    expect(isJfif(markers[0]!)).toBe(jfif);
    if (photo.source.exif) expect(markers[jfif ? 1 : 0]!.marker).toBe(APP1);
    expect(markers.filter((s) => s.marker === APP0)).toHaveLength(jfif ? 1 : 0);
  });

  it('flattens a transparent PNG converted to JPEG as through the original', async () => {
    const file = path.join(tmp, 'transparent.png');
    await sharp(path.join(photos, 'portrait/deepface_img13.jpg'))
      .resize({ width: 300 })
      .ensureAlpha(0.4)
      .png()
      .toFile(file);
    const photo = await decodePhoto(file);
    expect(photo.source.hasAlpha).toBe(true);
    const [direct, through] = await Promise.all([
      encodePhoto(photo, restoredOf(photo), options),
      encodeFromOriginal(photo, restoredOf(photo), options),
    ]);
    const [a, b] = await Promise.all([
      sharp(direct.data).raw().toBuffer(),
      sharp(through.data).raw().toBuffer(),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  it('reads Make, Model and DateTimeOriginal back from a camera photo', async () => {
    const photo = await decodePhoto(path.join(photos, 'portrait/deepface_img1.jpg'));
    const { data } = await encodePhoto(photo, restoredOf(photo), { provenance });
    const tags = await exifr.parse(data);
    expect(tags).toMatchObject({ Make: 'Canon', Model: 'Canon EOS 5D Mark IV' });
    expect(tags.DateTimeOriginal).toEqual(
      (await exifr.parse(photo.source.exif!.subarray(EXIF_HEADER.length))).DateTimeOriginal,
    );
    expect(tags.LensModel).toBe('EF300mm f/2.8L IS USM +1.4x');
  });

  it('goes through the original when the splice cannot carry the metadata exactly', async () => {
    // A TIFF's IPTC is bare IPTC-IIM, not a Photoshop resource block.
    const tiff = await decodePhoto(
      path.join(photos, 'colour-managed/sharp_tifftag-photoshop_16bit-adobergb.tiff'),
    );
    expect(tiff.source.iptc).toBeDefined();
    const fromTiff = await encodePhoto(tiff, restoredOf(tiff), options);
    expect(
      fromTiff.data.equals((await encodeFromOriginal(tiff, restoredOf(tiff), options)).data),
    ).toBe(true);
    // An EXIF block that is not a TIFF structure.
    const photo = await decodePhoto(path.join(photos, 'exif-orientation/sharp_Landscape_3.jpg'));
    const odd: DecodedPhoto = {
      ...photo,
      source: { ...photo.source, exif: Buffer.from('Exif\0\0not a TIFF structure') },
    };
    const out = await encodePhoto(odd, restoredOf(odd), options);
    expect(out.data.equals((await encodeFromOriginal(odd, restoredOf(odd), options)).data)).toBe(
      true,
    );
    // CMYK output has no JFIF header for the density: without EXIF, libvips writes one.
    const cmyk = await decodePhoto(path.join(photos, 'colour-managed/sharp_cmyk-swop-profile.jpg'));
    const bare: DecodedPhoto = { ...cmyk, source: { ...cmyk.source, exif: undefined } };
    const fromCmyk = await encodePhoto(bare, restoredOf(bare), options);
    expect((await sharp(fromCmyk.data).metadata()).density).toBe(180);
  });

  it('leaves out an EXIF block over one segment, as libvips does, and keeps the rest', async () => {
    const photo = await decodePhoto(path.join(photos, 'portrait/deepface_img13.jpg'));
    // Trailing bytes after the IFDs are legal TIFF: a valid block of 70 000 bytes.
    const big = Buffer.concat([
      photo.source.exif!,
      Buffer.alloc(70_000 - photo.source.exif!.length),
    ]);
    const large: DecodedPhoto = { ...photo, source: { ...photo.source, exif: big } };
    const { data } = await encodePhoto(large, restoredOf(large), options);
    const meta = await sharp(data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.iptc?.equals(withoutIrbThumbnails(photo.source.iptc!))).toBe(true);
    expect(meta.density).toBe(300);
  });
});
