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
import { encodePhoto } from '../../image/encode.js';
import type { Provenance } from '../../image/provenance.js';
import { TEST_PROVENANCE } from '../../image/test/helpers.js';
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
// shared 16-bit TIFF's Adobe RGB profile, so its rgba8 is converted to sRGB and its rgba16 stays
// in Adobe RGB.
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

const provenance: Provenance = { ...TEST_PROVENANCE, strength: 1 };

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

  it('gives restorePhoto’s 8- and 16-bit pixels on a 16-bit PNG; outside the faces the source’s', async () => {
    const r = await bothPaths(png16);
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
  });

  it('carries the change into a profiled 16-bit source’s own colours: the saved file shows the restored pixels', async () => {
    const r = await bothPaths(tiff16);
    expect(r.inPlace.restored).toBe(1);
    expect(bytesOf(r.inPlace.rgba8).equals(bytesOf(r.copied.rgba8))).toBe(true);
    expect(bytesOf(r.inPlace.rgba16!).equals(bytesOf(r.copied.rgba16!))).toBe(true);
    // The 16-bit result written as the original was (Adobe RGB, 16 bits) and read back in sRGB.
    const saved = path.join(tmp, 'restored-16-adobergb.tiff');
    fs.writeFileSync(saved, (await encodePhoto(r.source, r.copied, { provenance })).data);
    const shown = (await decodePhoto(saved)).rgba8.data;
    let changed = 0;
    let off = 0;
    let worst = 0;
    for (let p = 0; p < shown.length; p += 4) {
      const same = [0, 1, 2].every((c) => r.copied.rgba8[p + c] === r.source.rgba8.data[p + c]);
      for (let c = 0; c < 3; c++) {
        // Untouched pixels: the source's own samples went back untransformed. (A colour
        // transform mixes channels: one channel of a changed pixel may change alone in 16 bits.)
        if (same) expect(r.copied.rgba16![p + c]).toBe(r.source.rgba16![p + c]);
        if (same) continue;
        const d = Math.abs(shown[p + c]! - r.copied.rgba8[p + c]!);
        changed++;
        worst = Math.max(worst, d);
        if (d > 2) off++;
      }
    }
    expect(changed).toBeGreaterThan(10_000);
    // Added as 8-bit steps to the Adobe RGB samples, the change came back off by more than 2
    // levels in 705 of 95082 changed samples (0.74%, worst 12); carried into Adobe RGB, in 46
    // (0.05%, worst 8: colours the sRGB copy clips, whose 16-bit base lies outside sRGB).
    expect(off / changed).toBeLessThan(0.002);
    expect(worst).toBeLessThanOrEqual(10);
  });

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
