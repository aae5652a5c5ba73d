/**
 * runPhotoJob restores in place (restorePhotoInPlace): its output file must be byte for byte the
 * one the copying path (restorePhoto, as the app previews) encodes, on a 16-bit photo where the
 * 16-bit pixels are written. Real sharp, real detector, the tiny untrained fixture models.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { restorePhoto } from '../../deblur/restorePhoto.js';
import { closeSharedDetector } from '../../faces/index.js';
import { decodePhoto } from '../../image/decode.js';
import { encodePhoto } from '../../image/encode.js';
import { loadRestorationModels, type RestorationModels } from '../../inference/models.js';
import { releaseModels } from '../../inference/session.js';
import { sharedDataDir } from '../../paths.js';
import { Manifest } from '../manifest.js';
import { runPhotoJob } from '../photoJob.js';

const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../inference/test/fixtures',
);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-photojob-'));
let models: RestorationModels;

beforeAll(async () => {
  models = await loadRestorationModels(fixtures, { intraOpThreads: 1, log: () => undefined });
});
afterAll(async () => {
  await releaseModels();
  await closeSharedDetector();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it('writes the bytes the copying path encodes (16-bit PNG)', async () => {
  // A real portrait resampled at 16 bits: the shared 16-bit samples hold no face.
  const input = path.join(tmp, 'in', 'portrait-16.png');
  fs.mkdirSync(path.dirname(input));
  await sharp(path.join(sharedDataDir(), 'photos', 'portrait', 'deepface_img13.jpg'))
    .pipelineColourspace('rgb16')
    .resize({ width: 900 })
    .toColourspace('rgb16')
    .png()
    .toFile(input);
  const provenance = {
    software: 'face-deblur',
    version: 'test',
    models: models.hashes,
    trainedModels: models.trained,
    mode: 'faces' as const,
    kernelSize: 'auto',
    strength: 1,
  };
  const outDir = path.join(tmp, 'out');
  const result = await runPhotoJob(
    { file: input, key: 'portrait-16.png' },
    {
      outDir,
      models,
      params: {},
      format: 'same',
      maxPixels: 100_000_000,
      overwriteOutput: false,
      manifest: await Manifest.open(outDir),
      settings: 'test',
      provenance,
      claimed: new Map(),
    },
  );
  const output = path.join(outDir, 'portrait-16.png');
  expect([result.status, result.output]).toEqual(['done', output]);

  const decoded = await decodePhoto(input);
  const restored = await restorePhoto(decoded, models);
  expect(restored.restored).toBe(1);
  const { data } = await encodePhoto(decoded, restored, {
    provenance: { ...provenance, faces: restored.restored },
  });
  const written = fs.readFileSync(output);
  expect(written.equals(data)).toBe(true);
  // ...and the restored output differs from its input (the face was restored).
  const raw = (file: string | Buffer) => sharp(file).raw({ depth: 'ushort' }).toBuffer();
  expect((await raw(written)).equals(await raw(input))).toBe(false);
});
