/**
 * Handlers shared by Electron main and the bridge: everything that does not depend on which
 * host answers. Each host adds its own host-specific ones (appInfo, folderPick, folderReveal)
 * on top. Handlers are glue: the work happens in the core services (core/album, core/app).
 */
import { AlbumService } from '../../core/album/album.js';
import { FaceRestorer } from '../../core/app/faceRestorer.js';
import { ModelService } from '../../core/app/models.js';
import { existingOutput } from '../../core/app/outputs.js';
import { PhotoSession } from '../../core/app/photoSession.js';
import { SettingsStore } from '../../core/app/settings.js';
import type { Handlers } from './dispatch.js';

/** The services a host creates once per session and hands to the handlers. */
export interface Services {
  album: AlbumService;
  settings: SettingsStore;
  models: ModelService;
  photos: PhotoSession;
  faces: FaceRestorer;
}

export interface ServiceOptions {
  /** Where settings.json lives (default: `cacheDir`). Electron passes its user-data folder. */
  settingsDir?: string;
  /** The ONNX models folder (default: models/ of the app, FACE_DEBLUR_ONNX_MODELS overrides). */
  modelsDir?: string;
}

/** `cacheDir`: where the services keep data between sessions (thumbnails, facts, settings). */
export function createServices(cacheDir: string, options: ServiceOptions = {}): Services {
  const album = new AlbumService(cacheDir);
  const settings = new SettingsStore(options.settingsDir ?? cacheDir);
  const models = new ModelService(settings, options.modelsDir);
  const photos = new PhotoSession(album.folders);
  return { album, settings, models, photos, faces: new FaceRestorer(photos, models) };
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
    albumOpen: async ({ folder }, ctx) => {
      const album = await services.album.open(folder, (found, done) =>
        ctx.emit('albumScanProgress', { folder, found, done }),
      );
      return album;
    },
    photoOpen: async ({ path: requested }) => {
      const photo = await services.photos.open(requested);
      const { decoded } = photo;
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
      cancelled: services.faces.cancel(requestId),
    }),
    settingsGet: settingsResult,
    settingsSet: async (patch) => {
      await services.settings.set(patch);
      return settingsResult();
    },
    ...pending(),
  };
}

/** Channels whose services land next (same session); until then they say so plainly. */
function pending(): Pick<
  SharedHandlers,
  | 'photoFacts'
  | 'photoRestorePreview'
  | 'photoExport'
  | 'batchStart'
  | 'batchPause'
  | 'batchResume'
  | 'batchCancel'
> {
  const later = async (): Promise<never> => {
    throw Object.assign(new Error('Not available yet in this build.'), { code: 'unsupported' });
  };
  return {
    photoFacts: later,
    photoRestorePreview: later,
    photoExport: later,
    batchStart: later,
    batchPause: later,
    batchResume: later,
    batchCancel: later,
  };
}
