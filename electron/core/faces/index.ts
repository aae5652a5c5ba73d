/**
 * Faces: MediaPipe detection with 478 landmarks (in a worker_thread), alignment to the
 * canonical 240x200 crop and back, the feathered face mask and seamless paste-back.
 * See README.md in this folder.
 */
import type { RgbaImage } from '../image/rgba.js';
import {
  type DetectedFace,
  type DetectOptions,
  FaceDetector,
  type FaceDetectorOptions,
} from './detector.js';

export { type Affine, applyAffine, invertAffine } from './affine.js';
export {
  alignFace,
  alignmentMatrix,
  CROP_HEIGHT,
  CROP_TEMPLATE,
  CROP_WIDTH,
  cropFootprint,
  warpCropToPhoto,
  type AlignedCrop,
  type PhotoPatch,
} from './align.js';
export {
  FaceDetector,
  MIN_IMAGE_SIDE,
  type Box,
  type DetectedFace,
  type DetectOptions,
  type FaceDetectorOptions,
} from './detector.js';
export { FACE_OVAL, LANDMARK_COUNT, interOcularDistance } from './landmarks.js';
export { faceMask, type FaceMaskOptions } from './mask.js';
export { TASKS_VISION_VERSION } from './mediapipeRuntime.js';
export { MODEL_PINS, resolveModelsDir, type ModelsDirOptions } from './models.js';
export {
  detectToneMode,
  pasteBack,
  pasteBackInto,
  type PasteBackOptions,
  type ToneMode,
} from './pasteBack.js';
export { faceSharpness, type FaceSharpness } from './quality.js';
export type { PixelArray, PixelImage } from './warp.js';
export { landmarkerWorkerEntry } from './workerEntry.js';

let shared: Promise<FaceDetector> | null = null;

/**
 * Detects faces with a process-wide detector started on first use (options of that first call
 * choose the models); pass `detector` to use your own. Close it with closeSharedDetector().
 */
export async function detectFaces(
  image: RgbaImage,
  opts: DetectOptions & FaceDetectorOptions & { detector?: FaceDetector } = {},
): Promise<DetectedFace[]> {
  if (opts.detector) return opts.detector.detectFaces(image, opts);
  return (await startSharedDetector(opts)).detectFaces(image, opts);
}

/**
 * Starts the process-wide detector now if it is not running, so its workers load while the
 * caller does other work (the CLI loads the networks meanwhile); its options choose the models.
 * A start that fails is forgotten: the next call tries again.
 */
export function startSharedDetector(opts: FaceDetectorOptions = {}): Promise<FaceDetector> {
  const starting = (shared ??= FaceDetector.create(opts));
  starting.catch(() => {
    if (shared === starting) shared = null;
  });
  return starting;
}

/** Stops the shared detector's worker (app shutdown, end of a CLI run). */
export async function closeSharedDetector(): Promise<void> {
  const detector = shared;
  shared = null;
  // One that failed to start has nothing to stop (its error went to its callers).
  const running = await detector?.catch(() => null);
  await running?.close();
}
