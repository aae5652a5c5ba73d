/**
 * The batch queue: album photos restored with one set of settings by the CLI's own batch runner
 * (jobs/batch.ts): outputs, manifest, atomic writes and per-file failures are exactly the CLI's,
 * so starting the same batch again skips what is complete (it resumes), and the CLI and the app
 * resume each other's batches. Photos of different albums go to their own output folders (one
 * run per folder, one after the other).
 *
 * Pause: no new photo starts (runBatch awaits the gate before each), the one in flight
 * finishes. Cancel: the same, then the photos that never started are reported 'cancelled'.
 * Progress goes out as batchProgress events with only the items that changed, and an ETA from
 * the recent photos' times (skips of completed photos do not count: they take milliseconds).
 */
import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { AppSettings } from '../../ipc/channels/settings.js';
import type { PhotoSettings } from '../../ipc/channels/shared.js';
import type { PayloadOf } from '../../ipc/contract.js';
import type { OpenedFolders } from '../album/openedFolders.js';
import { DEFAULT_MAX_PIXELS } from '../image/decode.js';
import type { RestorationModels } from '../inference/models.js';
import { runBatch } from '../jobs/batch.js';
import type { InputPhoto } from '../jobs/inputs.js';
import type { PhotoResult } from '../jobs/photoJob.js';
import { AppError } from './errors.js';
import type { ModelService } from './models.js';
import { outputDir, photoKey } from './outputs.js';
import { APP_HINTS, photoParams, provenanceFor } from './photoParams.js';
import type { PhotoSession } from './photoSession.js';
import type { SettingsStore } from './settings.js';

type Progress = PayloadOf<'batchProgress'>;
type Item = Progress['changed'][number];
type State = Progress['state'];
export type EmitProgress = (payload: Progress) => void;

/** Photos averaged for the ETA: recent ones, so it follows the photos being processed now. */
const ETA_WINDOW = 10;

class Batch {
  readonly items = new Map<string, Item>();
  /** Real path -> the path the renderer asked for (items are keyed by the latter). */
  readonly requested = new Map<string, string>();
  readonly controller = new AbortController();
  state: State = 'running';
  outDir = '';
  #changed = new Set<string>();
  /** Items per status, kept as items change: a 100,000-photo batch must not recount per event. */
  #counts: Record<Item['status'], number> = {
    queued: 0,
    running: 0,
    done: 0,
    skipped: 0,
    failed: 0,
    cancelled: 0,
  };
  #durations: number[] = [];
  #gate: { promise: Promise<void>; open: () => void } | null = null;

  constructor(
    readonly id: string,
    private readonly emit: EmitProgress,
  ) {}

  set(path: string, item: Omit<Item, 'path'>): void {
    const before = this.items.get(path);
    if (before) this.#counts[before.status]--;
    this.#counts[item.status]++;
    this.items.set(path, { path, ...item });
    this.#changed.add(path);
  }

  /** Resolves when the batch may start another photo. */
  async waitWhilePaused(): Promise<void> {
    while (this.#gate) await this.#gate.promise;
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    let open = (): void => undefined;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.#gate = { promise, open };
    this.send();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.#release();
    this.send();
  }

  cancel(): void {
    if (this.state !== 'running' && this.state !== 'paused') return;
    this.state = 'cancelled';
    this.controller.abort();
    this.#release(); // waiting photos wake, see the abort and do not start
    this.send();
  }

  photoDone(result: PhotoResult): void {
    const path = this.requested.get(result.input) ?? result.input;
    this.set(path, {
      status: result.status,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.output ? { output: result.output } : {}),
    });
    if (result.code !== 'already-done')
      this.#durations = [...this.#durations, result.ms].slice(-ETA_WINDOW);
    this.send();
  }

  /** Emits the state with the items changed since the last event. */
  send(): void {
    const c = this.#counts;
    const left = c.queued + c.running;
    const mean = this.#durations.reduce((a, b) => a + b, 0) / this.#durations.length;
    const changed = [...this.#changed].map((p) => this.items.get(p)).filter((i) => i !== undefined);
    this.#changed.clear();
    this.emit({
      batchId: this.id,
      state: this.state,
      total: this.items.size,
      // Finished: done, skipped or failed; photos a cancel kept from starting are not.
      finished: c.done + c.skipped + c.failed,
      failed: c.failed,
      skipped: c.skipped,
      etaMs: this.#durations.length && this.state !== 'cancelled' ? Math.round(mean * left) : null,
      outDir: this.outDir,
      changed,
    });
  }

  #release(): void {
    const gate = this.#gate;
    this.#gate = null;
    gate?.open();
  }
}

export class BatchService {
  readonly #batches = new Map<string, Batch>();
  readonly #queue = new PQueue({ concurrency: 1 });

  constructor(
    private readonly photos: PhotoSession,
    private readonly models: ModelService,
    private readonly settings: SettingsStore,
    private readonly folders: OpenedFolders,
  ) {}

  /**
   * Queues a batch and returns its id once the models are loaded (a missing model fails the
   * call itself, code 'models-missing'); the batch then runs in the background, after any
   * batch started before it.
   */
  async start(
    paths: readonly string[],
    settings: PhotoSettings,
    emit: EmitProgress,
  ): Promise<string> {
    const batch = new Batch(randomUUID(), emit);
    const app = await this.settings.get();
    const groups = new Map<string, InputPhoto[]>();
    for (const requested of new Set(paths)) {
      try {
        const { file, albumRoot } = await this.photos.resolve(requested);
        if (batch.requested.has(file)) continue; // the same file under two names
        batch.requested.set(file, requested);
        const outDir = outputDir(albumRoot, app.outputFolder);
        groups.set(outDir, [
          ...(groups.get(outDir) ?? []),
          { file, key: photoKey(albumRoot, file) },
        ]);
        batch.set(requested, { status: 'queued' });
      } catch (err) {
        batch.set(requested, { status: 'failed', reason: (err as Error).message });
      }
    }
    batch.outDir = groups.keys().next().value ?? '';

    // A missing or broken model fails this call, before anything is queued.
    await this.models.use(async () => undefined);
    this.#batches.set(batch.id, batch);
    batch.send();
    // Batches run one after another: two at once would only share the cores (and could race
    // for the same outputs); a later one waits with its photos 'queued'.
    const run = this.#queue.add(() =>
      this.models.use(async (models) => {
        for (const [outDir, photos] of groups) {
          if (batch.controller.signal.aborted) break;
          batch.outDir = outDir;
          await this.#runGroup(batch, models, outDir, photos, settings, app.format);
        }
      }),
    );
    run
      .catch((err: unknown) => {
        for (const [path, item] of batch.items) {
          if (item.status === 'queued' || item.status === 'running') {
            batch.set(path, {
              status: 'failed',
              reason: `the batch stopped: ${(err as Error).message}`,
            });
          }
        }
      })
      .finally(() => {
        for (const [path, item] of batch.items) {
          if (item.status === 'queued')
            batch.set(path, { status: 'cancelled', reason: 'cancelled before it started' });
        }
        if (batch.state !== 'cancelled') batch.state = 'done';
        batch.send();
      });
    return batch.id;
  }

  pause(id: string): State {
    const batch = this.#get(id);
    batch.pause();
    return batch.state;
  }

  resume(id: string): State {
    const batch = this.#get(id);
    batch.resume();
    return batch.state;
  }

  cancel(id: string): State {
    const batch = this.#get(id);
    batch.cancel();
    return batch.state;
  }

  async #runGroup(
    batch: Batch,
    models: RestorationModels,
    outDir: string,
    photos: InputPhoto[],
    settings: PhotoSettings,
    format: AppSettings['format'],
  ): Promise<void> {
    const params = photoParams(settings, { perFace: false });
    await runBatch({
      photos,
      outDir,
      models,
      params,
      format,
      jobs: 1,
      maxPixels: DEFAULT_MAX_PIXELS,
      overwriteOutput: false,
      provenance: provenanceFor(params, models),
      signal: batch.controller.signal,
      beforeStart: async (photo) => {
        await batch.waitWhilePaused();
        if (batch.controller.signal.aborted) return;
        batch.set(batch.requested.get(photo.file) ?? photo.file, { status: 'running' });
        batch.send();
      },
      onResult: (result) => batch.photoDone(result),
      hints: APP_HINTS,
    });
    // Outputs are shown through the media route, which serves opened folders only.
    await this.folders.allow(outDir).catch(() => undefined);
  }

  #get(id: string): Batch {
    const batch = this.#batches.get(id);
    if (!batch) {
      throw new AppError(
        'no-such-batch',
        `There is no batch ${id} in this session; start it again.`,
      );
    }
    return batch;
  }
}
