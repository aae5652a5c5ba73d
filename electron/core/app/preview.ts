/**
 * The compare views' before/after pair: the whole photo restored in memory with the face
 * panel's settings (cached decode and faces, nothing written) and both renditions at the same
 * size. A newer preview of the same photo cancels the older one (LatestRequests).
 */
import path from 'node:path';
import type { EncodedImage, PhotoSettings } from '../../ipc/channels/shared.js';
import { restorePhoto } from '../deblur/restorePhoto.js';
import { photoJpeg } from './images.js';
import type { ModelService } from './models.js';
import { photoParams } from './photoParams.js';
import type { PhotoSession } from './photoSession.js';
import type { LatestRequests } from './requests.js';

export interface PreviewResult {
  before: EncodedImage;
  after: EncodedImage;
  restoredFaces: number;
  faces: { id: number; status: 'restored' | 'skipped'; note?: string }[];
  trainedModels: boolean;
  ms: number;
}

export class PreviewService {
  readonly #photos: PhotoSession;
  readonly #models: ModelService;
  readonly #requests: LatestRequests;

  constructor(photos: PhotoSession, models: ModelService, requests: LatestRequests) {
    this.#photos = photos;
    this.#models = models;
    this.#requests = requests;
  }

  preview(
    file: string,
    requestId: string,
    settings: PhotoSettings,
    maxEdge: number,
  ): Promise<PreviewResult> {
    return this.#requests.run(`preview\0${path.resolve(file)}`, requestId, 'This preview', () =>
      this.#run(file, settings, maxEdge),
    );
  }

  async #run(file: string, settings: PhotoSettings, maxEdge: number): Promise<PreviewResult> {
    const started = performance.now();
    const photo = await this.#photos.open(file);
    const { decoded } = photo;
    return this.#models.use(async (models) => {
      const restored = await restorePhoto(
        decoded,
        models,
        photoParams(settings, { perFace: true, detected: photo.faces }),
      );
      const [before, after] = await Promise.all([
        photoJpeg(decoded.rgba8, maxEdge),
        photoJpeg({ data: restored.rgba8, width: decoded.width, height: decoded.height }, maxEdge),
      ]);
      return {
        before,
        after,
        restoredFaces: restored.restored,
        faces: restored.faces.map((f) => ({
          id: f.id,
          status: f.status,
          ...(f.note ? { note: f.note } : {}),
        })),
        trainedModels: models.trained,
        ms: performance.now() - started,
      };
    });
  }
}
