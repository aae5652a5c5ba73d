/**
 * A batch run: inputs -> (shard) -> photo jobs with bounded concurrency -> events and a summary.
 * Cancelling (Ctrl-C) stops starting new photos and lets the running ones finish (their writes
 * are atomic); a kill -9 leaves at most temporary files, removed by the next run, and the
 * manifest makes that run skip what is complete.
 */
import fs from 'node:fs/promises';
import PQueue from 'p-queue';
import type { PhotoParams } from '../deblur/restorePhoto.js';
import { removeStalePartials, type WriteIo } from '../image/atomicWrite.js';
import type { OutputFormat } from '../image/encode.js';
import type { Provenance } from '../image/provenance.js';
import type { RestorationModels } from '../inference/models.js';
import type { InputPhoto } from './inputs.js';
import { Manifest, settingsHash } from './manifest.js';
import { type JobHints, type PhotoResult, runPhotoJob } from './photoJob.js';

export interface BatchOptions {
  photos: readonly InputPhoto[];
  outDir: string;
  models: RestorationModels;
  params: PhotoParams;
  format: OutputFormat;
  jobs: number;
  maxPixels: number;
  overwriteOutput: boolean;
  provenance: Omit<Provenance, 'faces'>;
  signal?: AbortSignal;
  onResult?: (result: PhotoResult, progress: { finished: number; total: number }) => void;
  /**
   * Awaited before each photo starts (the app's pause: it resolves on resume, and the photo
   * then starts unless the run was cancelled meanwhile).
   */
  beforeStart?: (photo: InputPhoto) => Promise<void>;
  io?: WriteIo;
  /** Wording of remedies in reasons (default: the CLI's options). */
  hints?: JobHints;
}

export interface BatchSummary {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  /** Photos not started because the run was cancelled. */
  notStarted: number;
  cancelled: boolean;
  results: PhotoResult[];
  ms: number;
}

/**
 * The manifest's settings hash: everything that changes an output. Shared by the CLI's batches
 * and the app's exports, so either skips what the other completed with the same settings.
 * Per-face settings (the app) count only when given, so CLI hashes stay as they were.
 */
export function outputSettingsHash(
  opts: Pick<BatchOptions, 'params' | 'format' | 'models' | 'provenance'>,
): string {
  const { params } = opts;
  const perFace = params.faceParams && Object.keys(params.faceParams).length > 0;
  return settingsHash({
    kernelSize: params.kernelSize ?? 'auto',
    strength: params.strength ?? 1,
    faces: params.faces ?? 'all',
    exclude: [...(params.exclude ?? [])].sort(),
    wholePhoto: params.wholePhoto ?? false,
    format: opts.format,
    models: opts.models.hashes,
    version: opts.provenance.version,
    ...(perFace ? { faceParams: params.faceParams } : {}),
  });
}

export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  await fs.mkdir(opts.outDir, { recursive: true });
  await removeStalePartials(opts.outDir);
  const manifest = await Manifest.open(opts.outDir);
  const settings = outputSettingsHash(opts);
  const ctx = {
    outDir: opts.outDir,
    models: opts.models,
    params: opts.params,
    format: opts.format,
    maxPixels: opts.maxPixels,
    overwriteOutput: opts.overwriteOutput,
    manifest,
    settings,
    provenance: opts.provenance,
    claimed: new Map<string, string>(),
    ...(opts.io ? { io: opts.io } : {}),
    ...(opts.hints ? { hints: opts.hints } : {}),
  };
  const queue = new PQueue({ concurrency: Math.max(1, opts.jobs) });
  const results: PhotoResult[] = [];
  let notStarted = 0;
  for (const photo of opts.photos) {
    void queue.add(async () => {
      await opts.beforeStart?.(photo);
      if (opts.signal?.aborted) {
        notStarted++;
        return;
      }
      const result = await runPhotoJob(photo, ctx);
      results.push(result);
      opts.onResult?.(result, { finished: results.length, total: opts.photos.length });
    });
  }
  await queue.onIdle();
  const count = (s: PhotoResult['status']) => results.filter((r) => r.status === s).length;
  return {
    total: opts.photos.length,
    done: count('done'),
    skipped: count('skipped'),
    failed: count('failed'),
    notStarted,
    cancelled: opts.signal?.aborted ?? false,
    results,
    ms: performance.now() - started,
  };
}
