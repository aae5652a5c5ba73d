/**
 * Where the MediaPipe model files live and how they are checked before use. The pins in
 * models.json are the single source of truth, shared with scripts/install-models.mjs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths.js';
import pins from './models.json' with { type: 'json' };

export type ModelName = 'face_landmarker.task' | 'blaze_face_short_range.tflite';

export interface ModelPin {
  name: ModelName;
  bytes: number;
  sha256: string;
  url: string;
}

export const MODEL_PINS: readonly ModelPin[] = pins.files as ModelPin[];

export interface ModelsDirOptions {
  /** The Electron user-data dir (app.getPath('userData')); models are looked up in <it>/models. */
  userDataDir?: string;
}

/**
 * The models directory: FACE_DEBLUR_MODELS, else <userDataDir>/models when the caller passes
 * one and it holds the landmarker, else the repo's models/mediapipe (filled by models:install).
 */
export function resolveModelsDir({ userDataDir }: ModelsDirOptions = {}): string {
  const fromEnv = process.env.FACE_DEBLUR_MODELS;
  if (fromEnv) return path.resolve(fromEnv);
  if (userDataDir) {
    const dir = path.join(userDataDir, 'models');
    if (fs.existsSync(path.join(dir, 'face_landmarker.task'))) return dir;
  }
  return path.join(repoRoot, 'models', 'mediapipe');
}

/** Reads a model file and checks it against its pin; errors say which file and what to do. */
export function readVerifiedModel(modelsDir: string, name: ModelName): Uint8Array {
  const pin = MODEL_PINS.find((p) => p.name === name);
  if (!pin) throw new Error(`Unknown MediaPipe model ${name}`);
  const file = path.join(modelsDir, name);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(
      `MediaPipe model missing: ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}). ` +
        'Run `npm run models:install`, or point FACE_DEBLUR_MODELS at a folder holding it.',
      { cause: err },
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== pin.bytes || sha256 !== pin.sha256) {
    throw new Error(
      `MediaPipe model corrupt or wrong version: ${file} has ${bytes.length} bytes, sha256 ` +
        `${sha256}; expected ${pin.bytes} bytes, sha256 ${pin.sha256}. ` +
        'Delete it and run `npm run models:install`.',
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
