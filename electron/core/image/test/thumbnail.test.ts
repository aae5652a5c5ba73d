/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present metadata and in-bounds pixels; a failed assertion is the test failing. */
/**
 * The EXIF thumbnail of a restored JPEG, which file browsers and cameras show: made from the
 * restored pixels, never the original's (before, the original's thumbnail was copied over
 * byte for byte, so every restored photo previewed as the blurry original); the rest of the
 * EXIF as the original had it.
 */
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../paths.js';
import { type DecodedPhoto, decodePhoto } from '../decode.js';
import { encodePhoto, type EncodeOptions } from '../encode.js';
import { EXIF_HEADER } from '../exifUpright.js';
import { APP1, readSegments } from '../jpegSegments.js';
import { invertedRestoration, TEST_PROVENANCE, thumbnailDistance } from './helpers.js';

const photos = path.join(sharedDataDir(), 'photos');
const options: EncodeOptions = { format: 'jpeg', provenance: TEST_PROVENANCE };

/** The EXIF block of a JPEG. */
const exifSegment = (jpeg: Buffer) => readSegments(jpeg).find((s) => s.marker === APP1)!.payload;

const tags = { tiff: true, exif: true, gps: true, ifd1: true, mergeOutput: false } as const;
/** Every tag but the ones the output may change: orientation, pixel sizes, thumbnail place. */
function unchanged(block: Record<string, unknown> | undefined) {
  const {
    Orientation: _o,
    ExifImageWidth: _w,
    ExifImageHeight: _h,
    ThumbnailOffset: _t,
    ThumbnailLength: _l,
    ...rest
  } = block ?? {};
  return rest;
}

describe('the EXIF thumbnail of a restored JPEG', () => {
  it.each([
    // II and MM blocks; progressive 4:4:4; Adobe RGB and ProPhoto profiles; CMYK output
    'portrait/deepface_img1.jpg',
    'portrait/deepface_img3.jpg',
    'portrait/deepface_img13.jpg',
    'colour-managed/deepface_img39_adobergb.jpg',
    'colour-managed/face-recognition_john2_prophoto.jpeg',
    'colour-managed/sharp_cmyk-swop-profile.jpg',
  ])('%s: made from the restored pixels, the rest of EXIF kept', async (name) => {
    const photo = await decodePhoto(path.join(photos, name));
    const original = Buffer.from((await exifr.thumbnail(photo.bytes))!);
    const restored = invertedRestoration(photo);
    const { data } = await encodePhoto(photo, restored, options);
    const thumbnail = Buffer.from((await exifr.thumbnail(data))!);
    expect(exifSegment(data).indexOf(original.subarray(0, 64))).toBe(-1);
    // At most the DCF 160x120, the photo's aspect ratio.
    const { width, height } = await sharp(thumbnail).metadata();
    expect(Math.max(width / 160, height / 120)).toBeCloseTo(1, 2);
    expect(width / height).toBeCloseTo(photo.width / photo.height, 1);
    // Close to the restored pixels scaled down, far from the original's.
    const toRestored = await thumbnailDistance(thumbnail, restored.rgba8, photo);
    expect(toRestored).toBeLessThan(8);
    expect(await thumbnailDistance(thumbnail, photo.rgba8.data, photo)).toBeGreaterThan(
      8 * toRestored,
    );

    const source = await exifr.parse(photo.source.exif!.subarray(EXIF_HEADER.length), tags);
    const output = await exifr.parse(data, tags);
    for (const block of ['ifd0', 'exif', 'gps', 'ifd1'] as const) {
      expect(unchanged(output[block])).toEqual(unchanged(source[block]));
    }
  });

  it('keeps the EXIF without a thumbnail when a new one would not fit the segment', async () => {
    const photo = await decodePhoto(path.join(photos, 'portrait/deepface_img3.jpg'));
    const exif = photo.source.exif!;
    const original = Buffer.from((await exifr.thumbnail(photo.bytes))!);
    // Trailing bytes after the thumbnail: a valid block of 65 000 bytes, under the 65 533 that
    // one segment holds without a thumbnail, over it with a new one appended.
    const big = Buffer.concat([exif, Buffer.alloc(65_000 - exif.length)]);
    const large: DecodedPhoto = { ...photo, source: { ...photo.source, exif: big } };
    const { data } = await encodePhoto(large, invertedRestoration(large), options);
    expect(await exifr.thumbnail(data)).toBeUndefined();
    expect(exifSegment(data).indexOf(original.subarray(0, 64))).toBe(-1);
    const output = await exifr.parse(data, tags);
    expect(output.ifd0.Make).toBe((await exifr.parse(exif.subarray(EXIF_HEADER.length))).Make);
  });

  it('adds none to a photo whose EXIF had none', async () => {
    const photo = await decodePhoto(path.join(photos, 'exif-orientation/sharp_Landscape_6.jpg'));
    const { data } = await encodePhoto(photo, invertedRestoration(photo), options);
    expect((await sharp(data).metadata()).exif).toBeDefined();
    expect(await exifr.thumbnail(data)).toBeUndefined();
  });
});
