/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/**
 * Model files: directory resolution, and clear errors for a missing or corrupt model from the
 * detector and from `npm run models:install` (which must refuse a mismatching file, not hang).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../paths.js';
import { FaceDetector } from '../detector.js';
import { resolveModelsDir } from '../models.js';
import { modelsDir } from './helpers.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faces-models-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('resolveModelsDir', () => {
  it('prefers FACE_DEBLUR_MODELS, then the user-data dir, then the repo cache', () => {
    const saved = process.env.FACE_DEBLUR_MODELS;
    try {
      process.env.FACE_DEBLUR_MODELS = '/somewhere/models';
      expect(resolveModelsDir({ userDataDir: '/u' })).toBe('/somewhere/models');
      delete process.env.FACE_DEBLUR_MODELS;
      const userData = tempDir();
      expect(resolveModelsDir({ userDataDir: userData })).toBe(
        path.join(repoRoot, 'models', 'mediapipe'),
      );
      fs.mkdirSync(path.join(userData, 'models'));
      fs.copyFileSync(
        path.join(modelsDir, 'face_landmarker.task'),
        path.join(userData, 'models', 'face_landmarker.task'),
      );
      expect(resolveModelsDir({ userDataDir: userData })).toBe(path.join(userData, 'models'));
    } finally {
      if (saved === undefined) delete process.env.FACE_DEBLUR_MODELS;
      else process.env.FACE_DEBLUR_MODELS = saved;
    }
  });
});

describe('FaceDetector.create with bad models', () => {
  it('names the missing file and says how to install it', async () => {
    await expect(FaceDetector.create({ modelsDir: tempDir() })).rejects.toThrow(
      /MediaPipe model missing: .*face_landmarker\.task .*npm run models:install/,
    );
  });

  it('refuses a corrupt model file with its hash and the expected one', async () => {
    const dir = tempDir();
    for (const name of ['face_landmarker.task', 'blaze_face_short_range.tflite']) {
      const bytes = fs.readFileSync(path.join(modelsDir, name));
      bytes[1000] = bytes[1000]! ^ 0xff; // one flipped byte
      fs.writeFileSync(path.join(dir, name), bytes);
    }
    await expect(FaceDetector.create({ modelsDir: dir })).rejects.toThrow(
      /corrupt or wrong version: .*face_landmarker\.task has 3758596 bytes, sha256 [0-9a-f]{64}; expected .*64184e22/,
    );
  });
});

describe('scripts/install-models.mjs', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(repoRoot, 'scripts/install-models.mjs')], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('installs from the shared copy, then is a fast no-op', () => {
    const target = tempDir();
    const first = run({ FACE_DEBLUR_MODELS: target });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/face_landmarker\.task: installed from/);
    const second = run({ FACE_DEBLUR_MODELS: target });
    expect(second.stdout).toMatch(/face_landmarker\.task: already installed/);
    expect(second.stdout).toMatch(/blaze_face_short_range\.tflite: already installed/);
  });

  it('refuses a mismatching source file and exits non-zero', () => {
    const shared = tempDir();
    fs.mkdirSync(path.join(shared, 'data', 'models'), { recursive: true });
    for (const name of ['face_landmarker.task', 'blaze_face_short_range.tflite']) {
      fs.writeFileSync(path.join(shared, 'data', 'models', name), 'not a model');
    }
    const target = tempDir();
    const r = run({ FACE_DEBLUR_MODELS: target, FACE_DEBLUR_SHARED: shared });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /refusing .*face_landmarker\.task: 11 bytes, sha256 [0-9a-f]{64}; expected 3758596 bytes/,
    );
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('gives up on an unreachable download with a clear message instead of hanging', () => {
    const r = run({
      FACE_DEBLUR_MODELS: tempDir(),
      FACE_DEBLUR_SHARED: tempDir(),
      FACE_DEBLUR_DOWNLOAD_TIMEOUT_MS: '1500',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /could not download https:\/\/storage\.googleapis\.com\/.*Copy the file into/,
    );
  });
});
