/**
 * Handlers shared by Electron main and the bridge: everything that does not depend on which
 * host answers. Each host adds its own host-specific ones (appInfo, folderPick, folderReveal)
 * on top. Handlers are glue: the work happens in the core services (core/album, core/app).
 */
import { AlbumService } from '../../core/album/album.js';
import { BatchService } from '../../core/app/batches.js';
import { Exporter } from '../../core/app/exporter.js';
import { FaceRestorer } from '../../core/app/faceRestorer.js';
import { FactsService } from '../../core/app/facts.js';
import { ModelService } from '../../core/app/models.js';
import { existingOutput } from '../../core/app/outputs.js';
import { PhotoSession } from '../../core/app/photoSession.js';
import { PreviewService } from '../../core/app/preview.js';
import { LatestRequests } from '../../core/app/requests.js';
import { SettingsStore } from '../../core/app/settings.js';
import { closeSharedDetector } from '../../core/faces/index.js';
import type { Handlers } from './dispatch.js';
import { applyPhotoPipelineSharpSettings } from '../../core/image/sharpSettings.js';

/** The services a host creates once per session and hands to the handlers. */
export interface Services {
  album: AlbumService;
  settings: SettingsStore;
  models: ModelService;
  photos: PhotoSession;
  /** The interactive queue (face panel, compare preview): cancels by request id. */
  requests: LatestRequests;
  faces: FaceRestorer;
  previews: PreviewService;
  exporter: Exporter;
  batches: BatchService;
  facts: FactsService;
}

export interface ServiceOptions {
  /** Where settings.json lives (default: `cacheDir`). Electron passes its user-data folder. */
  settingsDir?: string;
  /** The ONNX models folder (default: models/ of the app, FACE_DEBLUR_ONNX_MODELS overrides). */
  modelsDir?: string;
}

/** `cacheDir`: where the services keep data between sessions (thumbnails, facts, settings). */
export function createServices(cacheDir: string, options: ServiceOptions = {}): Services {
  applyPhotoPipelineSharpSettings();
  const album = new AlbumService(cacheDir);
  const settings = new SettingsStore(options.settingsDir ?? cacheDir);
  const models = new ModelService(settings, options.modelsDir);
  const photos = new PhotoSession(album.folders);
  // The face panel and the compare preview share one queue: one interactive job at a time.
  const requests = new LatestRequests();
  return {
    album,
    settings,
    models,
    photos,
    requests,
    faces: new FaceRestorer(photos, models, requests),
    previews: new PreviewService(photos, models, requests),
    exporter: new Exporter(photos, models, settings, album.folders),
    batches: new BatchService(photos, models, settings, album.folders),
    facts: new FactsService(photos, settings, cacheDir),
  };
}

/** Stops what the services started: the model sessions and the face detector's worker. */
export async function closeServices(services: Services): Promise<void> {
  await services.models.close();
  await closeSharedDetector();
}

export type HostHandlers = Pick<Handlers, 'appInfo' | 'folderPick' | 'folderReveal'>;
export type SharedHandlers = Omit<Handlers, keyof HostHandlers>;

const TONES = { colour: 'color', gray: 'gray', toned: 'sepia' } as const;

export function sharedHandlers(services: Services): SharedHandlers {
  const settingsResult = async () => ({
    settings: await services.settings.get(),
    ...(await services.models.status()),
  });
  return {
    albumOpen: async ({ folder, recursive }, ctx) => {
      const album = await services.album.open(
        folder,
        (found, done) => ctx.emit('albumScanProgress', { folder, found, done }),
        { recursive },
      );
      return album;
    },
    photoOpen: async ({ path: requested }) => {
      const photo = await services.photos.open(requested);
      const { decoded } = photo;
      void services.facts.record(photo.file, photo.faces).catch(() => undefined);
      return {
        path: requested,
        width: decoded.width,
        height: decoded.height,
        format: decoded.source.format,
        bitDepth: decoded.source.bitDepth,
        tone: TONES[photo.tone.kind],
        faces: photo.faces.map((f) => ({
          id: f.id,
          box: f.box,
          interOcular: f.interOcular,
          sharpness: f.quality,
          restorable: f.tooSmall === null,
          ...(f.tooSmall ? { reason: f.tooSmall } : {}),
        })),
        restoredPath: await existingOutput(
          photo.albumRoot,
          photo.file,
          await services.settings.get(),
          decoded.source.format,
        ),
        ms: photo.ms,
      };
    },
    faceRestore: ({ path: file, requestId, settings }) =>
      services.faces.restore(file, requestId, settings),
    faceRestoreCancel: async ({ requestId }) => ({
      cancelled: services.requests.cancel(requestId),
    }),
    photoRestorePreview: ({ path: file, requestId, settings, maxEdge }) =>
      services.previews.preview(file, requestId, settings, maxEdge),
    photoExport: ({ path: file, settings }) => services.exporter.export(file, settings),
    photoFacts: async ({ paths }) => ({ facts: await services.facts.facts(paths) }),
    batchStart: async ({ paths, settings }, ctx) => ({
      batchId: await services.batches.start(paths, settings, (p) => ctx.emit('batchProgress', p)),
    }),
    batchPause: async ({ batchId }) => ({ state: services.batches.pause(batchId) }),
    batchResume: async ({ batchId }) => ({ state: services.batches.resume(batchId) }),
    batchCancel: async ({ batchId }) => ({ state: services.batches.cancel(batchId) }),
    settingsGet: settingsResult,
    settingsSet: async (patch) => {
      await services.settings.set(patch);
      return settingsResult();
    },
  };
}
