/**
 * The restoration models for the app: loaded once, lazily on the first restoration (the app
 * starts instantly; photos and faces show before any model is needed), one onnxruntime session
 * per model (inference/session.ts verifies and warms them up), on the provider the settings ask
 * for, in a worker thread (workerModels.ts: onnxruntime would block the main thread). Changing provider or threads retires the sessions: they are released once
 * the restorations using them have finished, and the next restoration loads new ones.
 */
import os from 'node:os';
import type { AppSettings } from '../../ipc/channels/settings.js';
import {
  DEARTIFACT_MODEL,
  defaultModelsDir,
  readManifest,
  SKETCH_MODEL,
  type RestorationModels,
} from '../inference/models.js';
import { providerPlan } from '../inference/providers.js';
import { toAppError } from './errors.js';
import type { SettingsStore } from './settings.js';
import { loadModelsInWorker, type WorkerModels } from './workerModels.js';

const toAppErrorMessage = (err: unknown): string => (toAppError(err) as Error).message;

export interface ModelStatus {
  /** The provider running the models ("cpu", "cuda", ...) or the one planned before loading. */
  activeProvider: string;
  providerReason: string;
  trainedModels: boolean;
  modelsNote: string;
}

type ProviderWish = AppSettings['provider'];

interface Generation {
  /** The models in their worker (workerModels.ts), with session creation's log. */
  loaded: Promise<WorkerModels>;
  users: number;
  retired: boolean;
  /** Releases the sessions (idempotent); called when retired and no restoration uses them. */
  release: () => void;
  /** Resolves once `release` has run. */
  released: Promise<void>;
}

export class ModelService {
  readonly dir: string;
  readonly #settings: SettingsStore;
  #wish: ProviderWish = 'auto';
  #threads = 0;
  #current: Generation | null = null;
  /** Why the last load failed (a corrupt file the manifest cannot show), until one succeeds. */
  #loadError: unknown = null;
  /** Every worker not yet released, the current one and retired ones still in use. */
  readonly #alive = new Set<Generation>();

  /** Provider and threads come from `settings`, read again before every use. */
  constructor(settings: SettingsStore, dir: string = defaultModelsDir()) {
    this.#settings = settings;
    this.dir = dir;
  }

  /** Applies the provider/threads settings; running sessions are retired when they change. */
  #configure(settings: Pick<AppSettings, 'provider' | 'threads'>): void {
    if (settings.provider === this.#wish && settings.threads === this.#threads) return;
    this.#wish = settings.provider;
    this.#threads = settings.threads;
    const old = this.#current;
    this.#current = null;
    if (old) {
      old.retired = true;
      if (old.users === 0) old.release(); // else its last user releases it (use())
    }
  }

  /** Runs `fn` with the loaded models; the sessions stay alive until it settles. */
  async use<T>(fn: (models: RestorationModels) => Promise<T>): Promise<T> {
    this.#configure(await this.#settings.get());
    const generation = this.#generation();
    generation.users++;
    try {
      let models: RestorationModels;
      try {
        models = (await generation.loaded).models;
      } catch (err) {
        throw toAppError(err);
      }
      return await fn(models);
    } finally {
      generation.users--;
      if (generation.retired && generation.users === 0) generation.release();
    }
  }

  async status(): Promise<ModelStatus> {
    this.#configure(await this.#settings.get());
    const loaded = this.#current ? await this.#current.loaded.catch(() => null) : null;
    return {
      ...this.#providerStatus(loaded?.models ?? null, loaded?.log ?? []),
      ...(await this.#modelsStatus()),
    };
  }

  #providerStatus(
    loaded: RestorationModels | null,
    log: readonly string[],
  ): Pick<ModelStatus, 'activeProvider' | 'providerReason'> {
    if (this.#wish === 'cpu') {
      return { activeProvider: 'cpu', providerReason: 'CPU chosen in the settings.' };
    }
    const plan = providerPlan();
    const asked = this.#wish === 'gpu' ? 'GPU chosen in the settings, but using the CPU: ' : '';
    if (!loaded) {
      const planned = plan.order[0] ?? 'cpu';
      return {
        activeProvider: planned,
        providerReason:
          (plan.skipped
            ? `${asked || 'Using the CPU: '}${plan.skipped}.`
            : `${planned} planned, the CPU as its fallback.`) +
          ' The models load on the first restoration.',
      };
    }
    const provider = loaded.sketch.provider;
    if (provider !== 'cpu') {
      return {
        activeProvider: provider,
        providerReason: `${provider} (GPU) is running the models.`,
      };
    }
    // Session creation logs why an accelerated provider failed ("cuda unavailable ...").
    const failures = log.filter((m) => /unavailable/.test(m));
    const why = plan.skipped ?? (failures.join('; ') || 'no GPU provider could load the models');
    return { activeProvider: 'cpu', providerReason: `${asked || 'Using the CPU: '}${why}.` };
  }

  async #modelsStatus(): Promise<Pick<ModelStatus, 'trainedModels' | 'modelsNote'>> {
    if (this.#loadError) {
      return { trainedModels: false, modelsNote: toAppErrorMessage(this.#loadError) };
    }
    try {
      const manifest = await readManifest(this.dir);
      const g = manifest.files[SKETCH_MODEL];
      const a = manifest.files[DEARTIFACT_MODEL];
      if (!g) {
        return {
          trainedModels: false,
          modelsNote: `${this.dir}/manifest.json lists no ${SKETCH_MODEL}: faces cannot be restored. See models/README.md.`,
        };
      }
      if (!g.trained || a?.trained === false) {
        return {
          trainedModels: false,
          modelsNote: `The models in ${this.dir} are marked UNTRAINED (test stand-ins): their output is not a restoration.`,
        };
      }
      return {
        trainedModels: true,
        modelsNote: a
          ? `Trained models from ${this.dir}.`
          : `Trained sketch model from ${this.dir}; no de-artifact model, so results are the Wiener deconvolution only.`,
      };
    } catch (err) {
      return { trainedModels: false, modelsNote: toAppErrorMessage(err) };
    }
  }

  #generation(): Generation {
    if (this.#current) return this.#current;
    // Retired workers may still be finishing (a batch): the new one starts beside them.
    const loaded = loadModelsInWorker(this.dir, {
      provider: this.#wish === 'cpu' ? 'cpu' : 'auto',
      intraOpThreads: this.#threads || Math.max(1, os.availableParallelism()),
    });
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = () => {
        release = () => undefined;
        // Ends the worker with its sessions (a failed load has none).
        loaded
          .then((m) => m.close())
          .catch(() => undefined)
          .finally(resolve);
      };
    });
    const generation: Generation = {
      loaded,
      users: 0,
      retired: false,
      release: () => release(),
      released,
    };
    this.#alive.add(generation);
    void released.then(() => this.#alive.delete(generation));
    // A failed load is not kept: the next restoration tries again (e.g. after installing).
    loaded.then(
      () => (this.#loadError = null),
      (err: unknown) => {
        this.#loadError = err;
        if (this.#current === generation) this.#current = null;
        generation.release(); // its worker has ended already: only the bookkeeping remains
      },
    );
    this.#current = generation;
    return generation;
  }

  /** Ends every worker, also retired ones a restoration still uses (app shutdown, tests). */
  async close(): Promise<void> {
    this.#current = null;
    const all = [...this.#alive];
    for (const generation of all) generation.release();
    await Promise.all(all.map((g) => g.released));
  }
}
