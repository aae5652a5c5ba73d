/**
 * The face panel's restorations: one face of an opened photo with every intermediate (blurry
 * crop, sketch, kernel, x0, final) encoded for display. The user drags sliders, so requests
 * come in bursts: a newer request for the same photo and face cancels the older one, and
 * restorations run one at a time (they use every core), so a cancelled request that has not
 * started never starts. One already computing cannot be interrupted (onnxruntime and the native
 * addon run to completion), but its caller is answered 'cancelled' at once and its result is
 * dropped.
 */
import path from 'node:path';
import PQueue from 'p-queue';
import type { FaceSettings } from '../../ipc/channels/shared.js';
import { cropToFloat } from '../deblur/restorePhoto.js';
import { CROP_H, CROP_W, restoreFaceCrop } from '../deblur/restoreFace.js';
import { alignFace } from '../faces/index.js';
import { AppError, cancelled } from './errors.js';
import { floatPng, kernelPng, rgbPng } from './images.js';
import type { ModelService } from './models.js';
import type { PhotoSession } from './photoSession.js';
import type { EncodedImage } from '../../ipc/channels/shared.js';

export interface FaceRestoreResult {
  faceId: number;
  blurry: EncodedImage;
  sketch: EncodedImage;
  x0: EncodedImage;
  final: EncodedImage;
  kernelImage: EncodedImage;
  kernelSize: number;
  kernelWeights: number[];
  confidence: number;
  lowConfidence: boolean;
  trainedModels: boolean;
  timings: Record<string, number>;
}

interface Running {
  key: string;
  controller: AbortController;
}

export class FaceRestorer {
  readonly #photos: PhotoSession;
  readonly #models: ModelService;
  /** One restoration at a time: each already uses every core. */
  readonly #queue = new PQueue({ concurrency: 1 });
  readonly #byRequest = new Map<string, Running>();
  /** photo + face -> the request currently wanted for it. */
  readonly #latest = new Map<string, string>();

  constructor(photos: PhotoSession, models: ModelService) {
    this.#photos = photos;
    this.#models = models;
  }

  /** Restores `settings.faceId` of `file`; rejects with code 'cancelled' when superseded. */
  restore(file: string, requestId: string, settings: FaceSettings): Promise<FaceRestoreResult> {
    // Keyed synchronously, before any await, so requests supersede in the order they arrived.
    const key = `${path.resolve(file)}\0${settings.faceId}`;
    const older = this.#latest.get(key);
    if (older) this.cancel(older);
    this.#byRequest.get(requestId)?.controller.abort(); // a reused id replaces its request
    const controller = new AbortController();
    this.#byRequest.set(requestId, { key, controller });
    this.#latest.set(key, requestId);

    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener(
        'abort',
        () => reject(cancelled('This face restoration')),
        {
          once: true,
        },
      );
    });
    const work = this.#queue.add(async () => {
      if (controller.signal.aborted) throw cancelled('This face restoration');
      return this.#run(file, settings);
    });
    return Promise.race([work, aborted]).finally(() => {
      if (this.#byRequest.get(requestId)?.controller === controller)
        this.#byRequest.delete(requestId);
      if (this.#latest.get(key) === requestId) this.#latest.delete(key);
      work.catch(() => undefined); // a superseded run's late result or error goes nowhere
    });
  }

  /** Cancels a request; false when it is not running (finished, or never seen). */
  cancel(requestId: string): boolean {
    const running = this.#byRequest.get(requestId);
    if (!running) return false;
    this.#byRequest.delete(requestId);
    if (this.#latest.get(running.key) === requestId) this.#latest.delete(running.key);
    running.controller.abort();
    return true;
  }

  async #run(file: string, settings: FaceSettings): Promise<FaceRestoreResult> {
    const started = performance.now();
    const photo = await this.#photos.open(file);
    const face = photo.faces.find((f) => f.id === settings.faceId);
    if (!face) {
      throw new AppError(
        'no-such-face',
        `Face ${settings.faceId} does not exist in ${file} (it has ${photo.faces.length} face(s)); open the photo again.`,
      );
    }
    if (face.tooSmall) {
      throw new AppError('face-too-small', `Face ${face.id} cannot be restored: ${face.tooSmall}.`);
    }
    const open = performance.now() - started;
    const { crop } = alignFace(photo.decoded.rgba8, face);
    const align = performance.now() - started - open;
    return this.#models.use(async (models) => {
      const r = await restoreFaceCrop(cropToFloat(crop.data), models, {
        kernelSize: settings.kernelSize,
        strength: settings.strength,
      });
      const encodeStart = performance.now();
      const [blurry, sketch, x0, final, kernelImage] = await Promise.all([
        rgbPng(crop.data, CROP_W, CROP_H),
        floatPng(r.sketch, CROP_W, CROP_H, 1),
        floatPng(r.x0, CROP_W, CROP_H, 3),
        floatPng(r.final, CROP_W, CROP_H, 3),
        kernelPng(r.kernel),
      ]);
      return {
        faceId: face.id,
        blurry,
        sketch,
        x0,
        final,
        kernelImage,
        kernelSize: r.kernel.size,
        kernelWeights: Array.from(r.kernel.data),
        confidence: Math.min(1, Math.max(0, r.confidence)),
        lowConfidence: r.lowConfidence,
        trainedModels: models.trained,
        timings: {
          open,
          align,
          ...r.timings,
          encode: performance.now() - encodeStart,
          total: performance.now() - started,
        },
      };
    });
  }
}
