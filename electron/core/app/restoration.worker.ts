/**
 * The app's restoration models, in a worker_thread: onnxruntime-node runs a session
 * synchronously on the calling thread (its `run` only defers to setImmediate), so G and A on the
 * main thread would stall the Electron main process (IPC, thumbnails) ~0.5 s per face. Here they
 * stall only this thread. The worker loads the models with the usual loader (sha256 checked,
 * warmed up) and answers run requests; the main side (workerModels.ts) makes them look like
 * ordinary ModelSessions, so the pipeline code is unchanged.
 */
import { parentPort } from 'node:worker_threads';
import { loadRestorationModels, type RestorationModels } from '../inference/models.js';
import { releaseModels } from '../inference/session.js';
import type { WorkerRequest, WorkerResponse } from './restorationProtocol.js';

const port = parentPort;
if (!port) throw new Error('restoration.worker.ts must run in a worker_thread');

let models: RestorationModels | null = null;

function describe(m: RestorationModels['sketch']) {
  return {
    file: m.file,
    sha256: m.sha256,
    provider: m.provider,
    inputNames: [...m.inputNames],
    outputNames: [...m.outputNames],
  };
}

async function answer(req: WorkerRequest): Promise<WorkerResponse> {
  switch (req.kind) {
    case 'load': {
      const log: string[] = [];
      models = await loadRestorationModels(req.dir, { ...req.options, log: (m) => log.push(m) });
      return {
        id: req.id,
        ok: true,
        kind: 'load',
        log,
        models: {
          dir: models.dir,
          trained: models.trained,
          hashes: models.hashes,
          sketch: describe(models.sketch),
          deartifact: models.deartifact ? describe(models.deartifact) : null,
        },
      };
    }
    case 'run': {
      const session = req.model === 'sketch' ? models?.sketch : models?.deartifact;
      if (!session) throw new Error(`the ${req.model} model is not loaded`);
      const outputs = await session.run(req.inputs);
      // Copied into plain buffers (onnxruntime's may be native memory, not transferable).
      for (const t of Object.values(outputs)) t.data = new Float32Array(t.data);
      return { id: req.id, ok: true, kind: 'run', outputs };
    }
    case 'release':
      models = null;
      await releaseModels();
      return { id: req.id, ok: true, kind: 'release' };
  }
}

port.on('message', (req: WorkerRequest) => {
  answer(req).then(
    (res) => {
      // Output tensors move to the main thread instead of being copied again.
      const transfer = res.ok && res.kind === 'run' ? outputBuffers(res.outputs) : [];
      port.postMessage(res, transfer);
    },
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ id: req.id, ok: false, name: e.name, message: e.message });
    },
  );
});

function outputBuffers(outputs: Record<string, { data: Float32Array }>): ArrayBuffer[] {
  return Object.values(outputs)
    .map((t) => t.data.buffer)
    .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
