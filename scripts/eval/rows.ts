/**
 * The methods the benchmark compares ("rows"), each a function from a blurry aligned face to a
 * restored one, all on the product's inference path: the native addon and onnxruntime-node,
 * never PyTorch. A row whose model is not in models/ is reported as absent, with the reason.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { restoreFaceCrop } from '../../electron/core/deblur/restoreFace.js';
import {
  defaultModelsDir,
  loadRestorationModels,
  ModelsUnavailableError,
  type RestorationModels,
} from '../../electron/core/inference/models.js';
import { repoRoot } from '../../electron/core/paths.js';
import * as native from '../../native/index.js';
import { classicalBlindDeblur, type ClassicalBlindParams } from './classicalBlind.js';
import type { BenchmarkKernel } from './kernelFiles.js';

export const FACE_WIDTH = 200;
export const FACE_HEIGHT = 240;

/** What a row returns; the optional parts feed the picture `--grid` draws. */
export interface Restoration {
  /** RGB interleaved, [0, 1] scale (clipped and rounded to 8 bits before scoring). */
  image: Float32Array;
  /** The kernel the row estimated, if it estimates one. */
  kernel?: { data: Float32Array; size: number };
  /** Grey [0, 1] structure image the kernel was fitted to (the sketch, or an L0 latent). */
  structure?: Float32Array;
  /** The plain Wiener result before any learned clean-up. */
  x0?: Float32Array;
}

export interface FaceCase {
  blurry: Float32Array;
  kernel: BenchmarkKernel;
}

export interface Row {
  name: string;
  restore?: (face: FaceCase) => Promise<Restoration>;
  /** Set instead of `restore` when the row cannot run here, saying why. */
  absent?: string;
}

export const blurryRow: Row = {
  name: 'blurry input',
  restore: ({ blurry }) => Promise.resolve({ image: blurry }),
};

export function oracleRow(gamma: number = native.DEFAULTS.gamma): Row {
  return {
    name: 'Wiener, true kernel (oracle)',
    restore: async ({ blurry, kernel }) => {
      const image = await native.wienerDeconvolve(
        blurry,
        FACE_WIDTH,
        FACE_HEIGHT,
        3,
        kernel.data,
        kernel.size,
        {
          gamma,
        },
      );
      return { image, kernel, x0: image };
    },
  };
}

export function classicalRow(params?: ClassicalBlindParams): Row {
  return {
    name: 'classical blind (L0 + Wiener)',
    restore: ({ blurry, kernel }) => {
      const r = classicalBlindDeblur(blurry, FACE_WIDTH, FACE_HEIGHT, kernel.size, params);
      return Promise.resolve({
        image: r.restored,
        kernel: { data: r.kernel, size: r.kernelSize },
        structure: r.latent,
        x0: r.restored,
      });
    },
  };
}

/** Interleaved HxWx3 <-> planar 1x3xHxW, the ONNX layout of models/README.md. */
export function toPlanar(rgb: Float32Array, width: number, height: number): Float32Array {
  const n = width * height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i += 1) {
    out[i] = rgb[3 * i] as number;
    out[n + i] = rgb[3 * i + 1] as number;
    out[2 * n + i] = rgb[3 * i + 2] as number;
  }
  return out;
}

export function fromPlanar(planar: Float32Array, width: number, height: number): Float32Array {
  const n = width * height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i += 1) {
    out[3 * i] = planar[i] as number;
    out[3 * i + 1] = planar[n + i] as number;
    out[3 * i + 2] = planar[2 * n + i] as number;
  }
  return out;
}

export const NAIVE_MODEL = path.join(repoRoot, 'models', 'naive.onnx');

/** The full method with the paper's G (sigmoid output, drawn from scratch): models/README.md. */
export const PAPER_G_MODELS = path.join(repoRoot, 'models', 'variants', 'paper-g');

/** The paper's ablation: one network from blurry face to sharp face, no sketch, no physics. */
export async function naiveRow(modelPath: string = NAIVE_MODEL): Promise<Row> {
  const name = 'naive end-to-end (ONNX)';
  if (!existsSync(modelPath))
    return { name, absent: `${path.relative(repoRoot, modelPath)} not found` };
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2 });
  const input = session.inputNames[0] as string;
  const output = session.outputNames[0] as string;
  return {
    name,
    restore: async ({ blurry }) => {
      const tensor = new ort.Tensor('float32', toPlanar(blurry, FACE_WIDTH, FACE_HEIGHT), [
        1,
        3,
        FACE_HEIGHT,
        FACE_WIDTH,
      ]);
      const result = await session.run({ [input]: tensor });
      const data = result[output]?.data;
      if (!(data instanceof Float32Array) || data.length !== 3 * FACE_WIDTH * FACE_HEIGHT) {
        throw new Error(
          `${modelPath}: output "${output}" is not a 1x3x${FACE_HEIGHT}x${FACE_WIDTH} float32 tensor`,
        );
      }
      return { image: fromPlanar(data, FACE_WIDTH, FACE_HEIGHT) };
    },
  };
}

/**
 * The full method (sketch generator G -> eq. 9 kernel -> Wiener x0 -> de-artifact network A)
 * through the pipeline's per-face restoration, so the benchmark measures exactly what the app
 * runs. Like the classical row it is told the true kernel size; models are read from models/
 * (manifest.json pins their hashes). Untrained weights are measured but labelled as such.
 */
export async function fullMethodRow(
  dir: string = defaultModelsDir(),
  name = 'full method (G + kernel + Wiener + A)',
): Promise<Row> {
  let models: RestorationModels;
  try {
    models = await loadRestorationModels(dir);
  } catch (error) {
    if (error instanceof ModelsUnavailableError) return { name, absent: error.message };
    throw error;
  }
  return {
    name: models.trained ? name : `${name}, UNTRAINED weights`,
    restore: async ({ blurry, kernel }) => {
      const r = await restoreFaceCrop(blurry, models, { kernelSize: Math.max(11, kernel.size) });
      return { image: r.final, kernel: r.kernel, structure: r.sketch, x0: r.x0 };
    },
  };
}
