/**
 * The face panel's restorations: one face of an opened photo with every intermediate (blurry
 * crop, sketch, kernel, x0, final) encoded for display. Requests go through LatestRequests: a
 * newer request for the same photo and face cancels the older one (code 'cancelled').
 */
import path from 'node:path';
import type { EncodedImage, FaceSettings } from '../../ipc/channels/shared.js';
import { cropToFloat } from '../deblur/restorePhoto.js';
import { CROP_H, CROP_W, restoreFaceCrop } from '../deblur/restoreFace.js';
import { alignFace } from '../faces/index.js';
import { AppError } from './errors.js';
import { floatPng, kernelPng, rgbPng } from './images.js';
import type { ModelService } from './models.js';
import type { PhotoSession } from './photoSession.js';
import type { LatestRequests } from './requests.js';

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

export class FaceRestorer {
  readonly #photos: PhotoSession;
  readonly #models: ModelService;
  readonly #requests: LatestRequests;

  constructor(photos: PhotoSession, models: ModelService, requests: LatestRequests) {
    this.#photos = photos;
    this.#models = models;
    this.#requests = requests;
  }

  /** Restores `settings.faceId` of `file`; rejects with code 'cancelled' when superseded. */
  restore(file: string, requestId: string, settings: FaceSettings): Promise<FaceRestoreResult> {
    return this.#requests.run(
      `face\0${path.resolve(file)}\0${settings.faceId}`,
      requestId,
      'This face restoration',
      () => this.#run(file, settings),
    );
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
