/**
 * The paper's per-face method on one aligned 240x200 face crop, with no photo around it:
 * G draws the sketch, the kernel is estimated from sketch and blurry gradients (eq. 9), Wiener
 * deconvolution gives x0 (eq. 11), A removes its artefacts; `strength` blends the physically
 * faithful x0 (0) and the network's output (1). Used by the photo pipeline and by the eval.
 */
import * as native from '../../../native/index.js';
import type { RestorationModels } from '../inference/models.js';
import type { ModelSession } from '../inference/session.js';
import { clamp01, clamped, fromPlanar, toPlanar } from './tensors.js';

export const CROP_W = 200;
export const CROP_H = 240;

/** Below this the kernel explains little of the blurry face's edges: said plainly to the user. */
export const LOW_CONFIDENCE = 0.3;

export interface FaceCropParams {
  /** 'auto' or an odd size 11..75 in crop pixels. */
  kernelSize?: number | 'auto';
  /** 0 = x0 (Wiener only, physically faithful) .. 1 = the de-artifact network's output. */
  strength?: number;
  /** Wiener regulariser (default native DEFAULTS.gamma). */
  gamma?: number;
}

export interface FaceRestoration {
  /** G's sketch, 240x200 grey in [0, 1] (white paper, dark strokes). */
  sketch: Float32Array;
  kernel: { data: Float32Array; size: number };
  /** How well sketch and kernel explain the blurry gradients, [0, 1]. */
  confidence: number;
  lowConfidence: boolean;
  /** Wiener result, RGB interleaved [0, 1]. */
  x0: Float32Array;
  /** A's output (null when no de-artifact model is loaded). */
  network: Float32Array | null;
  /** The blend the user sees, RGB interleaved [0, 1]. */
  final: Float32Array;
  /** Milliseconds per stage: sketch (G), kernel, wiener, deartifact (A). */
  timings: { sketch: number; kernel: number; wiener: number; deartifact: number };
}

/** Validates a user-facing parameter set; messages name the parameter and its range. */
export function checkFaceParams(params: FaceCropParams): Required<Omit<FaceCropParams, 'gamma'>> & {
  gamma: number;
} {
  const kernelSize = params.kernelSize ?? 'auto';
  if (
    kernelSize !== 'auto' &&
    !(Number.isInteger(kernelSize) && kernelSize >= 11 && kernelSize <= 75 && kernelSize % 2 === 1)
  ) {
    throw new RangeError(`kernel size must be 'auto' or an odd integer 11..75, got ${kernelSize}`);
  }
  const strength = params.strength ?? 1;
  if (!(strength >= 0 && strength <= 1)) {
    throw new RangeError(`strength must be a number in 0..1, got ${strength}`);
  }
  return { kernelSize, strength, gamma: params.gamma ?? native.DEFAULTS.gamma };
}

async function runSketch(model: ModelSession, planar: Float32Array): Promise<Float32Array> {
  const input = model.inputNames[0] ?? 'blurry';
  const out = await model.run({ [input]: { data: planar, dims: [1, 3, CROP_H, CROP_W] } });
  const sketch = out[model.outputNames[0] ?? 'sketch'];
  if (!sketch || sketch.data.length !== CROP_W * CROP_H) {
    throw new Error(`${model.file}: expected a 1x1x${CROP_H}x${CROP_W} sketch output`);
  }
  return sketch.data.map(clamp01);
}

async function runDeartifact(
  model: ModelSession,
  x0: Float32Array,
  blurryPlanar: Float32Array,
): Promise<Float32Array> {
  const pixels = CROP_W * CROP_H;
  const dims = [1, 3, CROP_H, CROP_W];
  // A takes x0; a model with a second input named "blurry" also gets the blurry face.
  const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const name of model.inputNames) {
    feeds[name] = { data: name === 'blurry' ? blurryPlanar : toPlanar(x0, pixels), dims };
  }
  const out = await model.run(feeds);
  const restored = out[model.outputNames[0] ?? 'restored'];
  if (!restored || restored.data.length !== 3 * pixels) {
    throw new Error(`${model.file}: expected a 1x3x${CROP_H}x${CROP_W} output`);
  }
  return fromPlanar(restored.data, pixels);
}

/**
 * Restores one aligned face crop: `crop` is 240x200 RGB interleaved in [0, 1].
 * Needs `models.sketch`; `models.deartifact` is optional (then final = x0).
 */
export async function restoreFaceCrop(
  crop: Float32Array,
  models: Pick<RestorationModels, 'sketch' | 'deartifact'>,
  params: FaceCropParams = {},
): Promise<FaceRestoration> {
  const pixels = CROP_W * CROP_H;
  if (!(crop instanceof Float32Array) || crop.length !== 3 * pixels) {
    throw new RangeError(`crop must be a Float32Array of ${CROP_H}x${CROP_W}x3 values`);
  }
  const { kernelSize, strength, gamma } = checkFaceParams(params);
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const planar = toPlanar(crop, pixels);
  const sketch = await runSketch(models.sketch, planar);
  const tSketch = lap();
  const gray = native.toGray(crop, CROP_W, CROP_H, 3);
  const estimate = await native.estimateKernel(gray, sketch, CROP_W, CROP_H, { kernelSize });
  const kernel = { data: estimate.data, size: estimate.size };
  const tKernel = lap();
  const x0 = clamped(
    await native.wienerDeconvolve(crop, CROP_W, CROP_H, 3, kernel.data, kernel.size, { gamma }),
  );
  const tWiener = lap();
  const network = models.deartifact ? await runDeartifact(models.deartifact, x0, planar) : null;
  const tDeartifact = lap();
  const final = network ? x0.map((v, i) => (1 - strength) * v + strength * (network[i] ?? v)) : x0;
  return {
    sketch,
    kernel,
    confidence: estimate.confidence,
    lowConfidence: estimate.confidence < LOW_CONFIDENCE,
    x0,
    network,
    final,
    timings: { sketch: tSketch, kernel: tKernel, wiener: tWiener, deartifact: tDeartifact },
  };
}
