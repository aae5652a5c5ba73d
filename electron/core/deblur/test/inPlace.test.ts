/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index in-bounds pixels. */
/**
 * restorePhotoInPlace (CLI, batches) against restorePhoto (the app): the same pixels, 8 and 16
 * bit, with no frame copied; restorePhoto leaves the decoded photo as it was; a 16-bit photo's
 * pixels outside the faces keep the source's exact 16-bit values. Real photos, real sharp,
 * the tiny untrained fixture models (the paste-back does not care what the networks learnt).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDetector, detectFaces } from '../../faces/index.js';
import { decodePhoto, type DecodedPhoto } from '../../image/decode.js';
import { loadRestorationModels, type RestorationModels } from '../../inference/models.js';
import { releaseModels } from '../../inference/session.js';
import { sharedDataDir } from '../../paths.js';
import { restorePhoto, restorePhotoInPlace } from '../restorePhoto.js';

const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../inference/test/fixtures',
);
const photos = path.join(sharedDataDir(), 'photos');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-inplace-'));
const png16 = path.join(tmp, 'portrait-16.png');
const tiff16 = path.join(tmp, 'portrait-16-adobergb.tiff');
let models: RestorationModels;

// The colour-managed 16-bit samples in the shared data hold no face: these 16-bit files are a
// real portrait resampled at 16 bits (the low byte carries real data), the TIFF tagged with the
// shared 16-bit TIFF's Adobe RGB profile, so decoding converts it to sRGB.
beforeAll(async () => {
  models = await loadRestorationModels(fixtures, { intraOpThreads: 1, log: () => undefined });
  const { icc } = await sharp(
    path.join(photos, 'colour-managed', 'sharp_tifftag-photoshop_16bit-adobergb.tiff'),
  ).metadata();
  const iccFile = path.join(tmp, 'adobergb.icc');
  fs.writeFileSync(iccFile, icc!);
  const portrait16 = () =>
    sharp(path.join(photos, 'portrait', 'deepface_img13.jpg'))
      .pipelineColourspace('rgb16')
      .resize({ width: 900 })
      .toColourspace('rgb16');
  await portrait16().png().toFile(png16);
  await portrait16()
    .withIccProfile(iccFile)
    .tiff({ compression: 'deflate', predictor: 'horizontal' })
    .toFile(tiff16);
});
afterAll(async () => {
  await releaseModels();
  await closeSharedDetector();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Both paths on two decodes of `file`; returns them with a third, untouched decode. */
async function bothPaths(file: string, params: { wholePhoto?: boolean } = {}) {
  const [source, forCopy, forInPlace] = await Promise.all([1, 2, 3].map(() => decodePhoto(file)));
  const detected = await detectFaces(source!.rgba8);
  const copied = await restorePhoto(forCopy!, models, { ...params, detected });
  const inPlace = await restorePhotoInPlace(forInPlace!, models, { ...params, detected });
  return { source: source!, forCopy: forCopy!, forInPlace: forInPlace!, copied, inPlace };
}

/** The 16-bit result as a whole-frame transfer of the 8-bit change gives it (the old code). */
function wholeFrameTransfer(source: DecodedPhoto, after: Uint8ClampedArray): Uint16Array {
  const out = source.rgba16!.slice();
  for (let i = 0; i < after.length; i++) {
    const d = after[i]! - source.rgba8.data[i]!;
    if (d !== 0) out[i] = Math.min(65535, Math.max(0, out[i]! + 257 * d));
  }
  return out;
}

describe('restorePhotoInPlace', () => {
  it('gives restorePhoto’s pixels on a group photo, pasting into the decoded pixels', async () => {
    const r = await bothPaths(path.join(photos, 'group', 'insightface_t1.jpg'));
    expect(r.inPlace.restored).toBeGreaterThanOrEqual(5);
    expect(r.inPlace.faces).toEqual(r.copied.faces);
    expect(bytesOf(r.inPlace.rgba8).equals(bytesOf(r.copied.rgba8))).toBe(true);
    // No copy: the result is the decoded photo's own array, now restored.
    expect(r.inPlace.rgba8).toBe(r.forInPlace.rgba8.data);
    // restorePhoto left its decoded photo as decoded.
    expect(r.copied.rgba8).not.toBe(r.forCopy.rgba8.data);
    expect(bytesOf(r.forCopy.rgba8.data).equals(bytesOf(r.source.rgba8.data))).toBe(true);
    expect(bytesOf(r.copied.rgba8).equals(bytesOf(r.source.rgba8.data))).toBe(false);
  });

  it.each([
    ['PNG', png16],
    ['Adobe RGB TIFF', tiff16],
  ])(
    'gives restorePhoto’s 8- and 16-bit pixels on a 16-bit %s; outside the faces the source’s',
    async (_kind, file) => {
      const r = await bothPaths(file);
      expect(r.source.source.bitDepth).toBe(16);
      expect(r.inPlace.restored).toBe(1);
      expect(bytesOf(r.inPlace.rgba8).equals(bytesOf(r.copied.rgba8))).toBe(true);
      expect(bytesOf(r.inPlace.rgba16!).equals(bytesOf(r.copied.rgba16!))).toBe(true);
      expect(r.inPlace.rgba16).toBe(r.forInPlace.rgba16);
      expect(bytesOf(r.forCopy.rgba16!).equals(bytesOf(r.source.rgba16!))).toBe(true);
      // Where the change is applied (the faces' footprints) loses nothing: the result is the
      // whole-frame transfer's, so every pixel the paste left alone keeps its 16-bit value.
      const expected = wholeFrameTransfer(r.source, r.copied.rgba8);
      expect(bytesOf(r.copied.rgba16!).equals(bytesOf(expected))).toBe(true);
      let kept = 0;
      let low = 0;
      for (let i = 0; i < expected.length; i++) {
        if (r.copied.rgba8[i] !== r.source.rgba8.data[i]) continue;
        kept++;
        if (r.source.rgba16![i]! % 257 !== 0) low++;
      }
      expect(kept).toBeGreaterThan(0.5 * expected.length);
      expect(low).toBeGreaterThan(0.5 * kept); // really 16-bit content
      expect(bytesOf(r.copied.rgba16!).equals(bytesOf(r.source.rgba16!))).toBe(false);
    },
  );

  it('whole-photo mode (experimental): the same pixels in both paths on a 16-bit photo', async () => {
    const r = await bothPaths(png16, { wholePhoto: true });
    expect(r.inPlace.mode).toBe('whole-photo');
    expect(bytesOf(r.inPlace.rgba8).equals(bytesOf(r.copied.rgba8))).toBe(true);
    expect(bytesOf(r.inPlace.rgba16!).equals(bytesOf(r.copied.rgba16!))).toBe(true);
    expect(
      bytesOf(r.copied.rgba16!).equals(bytesOf(wholeFrameTransfer(r.source, r.copied.rgba8))),
    ).toBe(true);
  });
});
