/**
 * Export of one photo with the face panel's settings, by the CLI's rules: the batch's own photo
 * job (jobs/photoJob.ts) writes it (same format and bit depth unless the settings name one,
 * metadata + ICC kept, provenance XMP, temp file + rename, recorded in the output folder's
 * manifest, so a later batch with the same settings skips it). Stricter than the CLI: an
 * existing output is never replaced, whoever wrote it ('exists').
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoSettings } from '../../ipc/channels/shared.js';
import type { OpenedFolders } from '../album/openedFolders.js';
import { DEFAULT_MAX_PIXELS } from '../image/decode.js';
import { outputSettingsHash } from '../jobs/batch.js';
import { Manifest } from '../jobs/manifest.js';
import { runPhotoJob } from '../jobs/photoJob.js';
import { AppError } from './errors.js';
import type { ModelService } from './models.js';
import { outputDir, outputPathOf, photoKey } from './outputs.js';
import { APP_HINTS, photoParams, provenanceFor } from './photoParams.js';
import type { PhotoSession } from './photoSession.js';
import type { SettingsStore } from './settings.js';

export interface ExportResult {
  output: string;
  restoredFaces: number;
  ms: number;
}

export class Exporter {
  constructor(
    private readonly photos: PhotoSession,
    private readonly models: ModelService,
    private readonly settings: SettingsStore,
    private readonly folders: OpenedFolders,
  ) {}

  async export(requested: string, settings: PhotoSettings): Promise<ExportResult> {
    const started = performance.now();
    const photo = await this.photos.open(requested);
    const app = await this.settings.get();
    const outDir = outputDir(photo.albumRoot, app.outputFolder);
    const target = outputPathOf(
      outDir,
      photo.albumRoot,
      photo.file,
      app.format,
      photo.decoded.source.format,
    );
    if (await exists(target)) {
      throw new AppError(
        'exists',
        `${target} already exists and is never overwritten: move or delete it, or choose another output folder in Settings.`,
      );
    }
    const result = await this.models.use(async (models) => {
      const params = photoParams(settings, { perFace: true, detected: photo.faces });
      const provenance = provenanceFor(params, models);
      await fs.mkdir(outDir, { recursive: true });
      return runPhotoJob(
        { file: photo.file, key: photoKey(photo.albumRoot, photo.file) },
        {
          outDir,
          models,
          params,
          format: app.format,
          maxPixels: DEFAULT_MAX_PIXELS,
          overwriteOutput: false,
          manifest: await Manifest.open(outDir),
          settings: outputSettingsHash({ params, format: app.format, models, provenance }),
          provenance,
          claimed: new Map(),
          hints: APP_HINTS,
        },
      );
    });
    if (result.status !== 'done' || !result.output) {
      // 'already-done' here can only be the manifest's no-faces record (the output is missing).
      const noFaces = result.code === 'already-done' || result.code === 'no-faces';
      const reason = noFaces
        ? 'no face could be restored in it with these settings (include a face, or check the face notes)'
        : (result.reason ?? 'unknown reason');
      throw Object.assign(new Error(`${path.basename(photo.file)} was not exported: ${reason}.`), {
        code: noFaces ? 'no-faces' : (result.code ?? 'internal'),
      });
    }
    // The renderer shows the output through the media route, which serves opened folders only.
    await this.folders.allow(outDir);
    return {
      output: result.output,
      restoredFaces: result.faces?.filter((f) => f.status === 'restored').length ?? 0,
      ms: performance.now() - started,
    };
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
