/**
 * The main side of the restoration worker (restoration.worker.ts): loads the models there and
 * returns RestorationModels whose sessions forward `run` to the worker, so restoreFaceCrop,
 * restorePhoto and the batch runner use them unchanged while onnxruntime computes off the main
 * thread. One worker per load; `close` releases its sessions and ends it.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntryFor } from '../faces/workerEntry.js';
import { ModelsUnavailableError, type RestorationModels } from '../inference/models.js';
import type { ModelSession } from '../inference/session.js';
import type { SessionInfo, Tensors, WorkerRequest, WorkerResponse } from './restorationProtocol.js';

type Body = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;
type Success = Extract<WorkerResponse, { ok: true }>;

export interface WorkerModels {
  models: RestorationModels;
  /** What session creation reported (provider fallbacks). */
  log: string[];
  close(): Promise<void>;
}

class RestorationWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (r: Success) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #failure: Error | null = null;

  constructor() {
    this.#worker = startWorker(
      workerEntryFor(import.meta.url, 'restoration', 'FACE_DEBLUR_RESTORATION_WORKER'),
    );
    this.#worker.unref();
    this.#worker.on('message', (res: WorkerResponse) => {
      const pending = this.#pending.get(res.id);
      this.#pending.delete(res.id);
      if (!pending) return;
      if (res.ok) pending.resolve(res);
      // Load failures keep their meaning (models missing or damaged) for the app's error codes.
      else if (/^Model(sUnavailable|File)Error$/.test(res.name)) {
        pending.reject(new ModelsUnavailableError(res.message));
      } else pending.reject(new Error(`Restoration: ${res.message}`));
    });
    const fail = (err: Error) => {
      this.#failure = err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    this.#worker.on('error', (err) =>
      fail(new Error(`The restoration worker crashed: ${err.message}`)),
    );
    this.#worker.on('exit', (code) =>
      fail(new Error(`The restoration worker exited (code ${code})`)),
    );
  }

  request(body: Body): Promise<Success> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<Success>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref(); // keep the process alive while a request is out
      this.#worker.postMessage({ id, ...body });
    }).finally(() => {
      if (this.#pending.size === 0) this.#worker.unref();
    });
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }
}

/** Loads G (and A) from `dir` in a new worker; rejects like loadRestorationModels. */
export async function loadModelsInWorker(
  dir: string,
  options: Extract<WorkerRequest, { kind: 'load' }>['options'],
): Promise<WorkerModels> {
  const worker = new RestorationWorker();
  let loaded: Success;
  try {
    loaded = await worker.request({ kind: 'load', dir, options });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  if (loaded.kind !== 'load') throw new Error('restoration worker: unexpected answer');
  const session = (model: 'sketch' | 'deartifact', info: SessionInfo): ModelSession => ({
    ...info,
    async run(inputs: Tensors) {
      const res = await worker.request({ kind: 'run', model, inputs });
      if (res.kind !== 'run') throw new Error('restoration worker: unexpected answer');
      return res.outputs;
    },
    // The worker owns the sessions: WorkerModels.close releases them all.
    release: async () => undefined,
  });
  const { models } = loaded;
  return {
    models: {
      dir: models.dir,
      trained: models.trained,
      hashes: models.hashes,
      sketch: session('sketch', models.sketch),
      deartifact: models.deartifact ? session('deartifact', models.deartifact) : null,
    },
    log: loaded.log,
    async close() {
      await worker.request({ kind: 'release' }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
