/**
 * The contract's photo settings as the pipeline's parameters and provenance record: one
 * translation for the compare preview, the export and the batch.
 */
import type { PhotoSettings } from '../../ipc/channels/shared.js';
import type { PhotoParams } from '../deblur/restorePhoto.js';
import type { DetectedFace } from '../faces/index.js';
import type { Provenance } from '../image/provenance.js';
import type { RestorationModels } from '../inference/models.js';
import type { JobHints } from '../jobs/photoJob.js';
import { appVersion } from '../paths.js';

/**
 * `perFace`: apply the face panel's per-face settings (preview, export); a batch applies one
 * set of settings to every photo, so it passes false. `detected`: the photo's cached faces.
 */
export function photoParams(
  settings: PhotoSettings,
  { perFace, detected }: { perFace: boolean; detected?: readonly DetectedFace[] },
): PhotoParams {
  const faces = perFace ? settings.faces : [];
  const excluded = faces.filter((f) => !f.include).map((f) => f.faceId);
  const overrides = faces.filter((f) => f.include);
  return {
    kernelSize: settings.kernelSize,
    strength: settings.strength,
    faces: 'all',
    wholePhoto: settings.wholePhoto,
    ...(excluded.length ? { exclude: excluded } : {}),
    ...(overrides.length
      ? {
          faceParams: Object.fromEntries(
            overrides.map((f) => [f.faceId, { kernelSize: f.kernelSize, strength: f.strength }]),
          ),
        }
      : {}),
    ...(detected ? { detected } : {}),
  };
}

/** What every output of these settings records in its XMP (the face count is added per photo). */
export function provenanceFor(
  params: PhotoParams,
  models: RestorationModels,
): Omit<Provenance, 'faces'> {
  const perFace = Object.entries(params.faceParams ?? {})
    .map(([id, p]) => `; face ${id}: ${String(p.kernelSize ?? 'auto')} @ ${p.strength ?? 1}`)
    .join('');
  return {
    software: 'face-deblur',
    version: appVersion(),
    models: models.hashes,
    trainedModels: models.trained,
    mode: params.wholePhoto ? 'whole-photo' : 'faces',
    kernelSize: String(params.kernelSize ?? 'auto') + perFace,
    strength: params.strength ?? 1,
  };
}

/** The photo job's remedies in the app's words (it has Settings, not command-line options). */
export const APP_HINTS: JobHints = {
  outFolder: 'output folder in Settings',
  overwrite: 'move it away, or choose another output folder in Settings',
};
