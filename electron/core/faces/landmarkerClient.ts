/**
 * The calling side of the MediaPipe worker: one worker_thread per client, requests answered in
 * order, errors passed back as Errors. Detection tiles are moved to the worker (made for the
 * call); face crops are copied, as the caller keeps using them.
 */
import type { Worker } from 'node:worker_threads';
import type { RgbaImage } from '../image/rgba.js';
import type { TasksVisionWasm } from './mediapipeRuntime.js';
import type { RawBox, RawMesh, WorkerRequest, WorkerResponse } from './protocol.js';
import { landmarkerWorkerEntry, startWorker } from './workerEntry.js';

interface Pending {
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
}
type RequestBody =
  | { kind: 'init'; modelsDir: string; wasm: TasksVisionWasm }
  | { kind: 'boxes'; images: RgbaImage[]; minScore: number }
  | { kind: 'mesh'; images: RgbaImage[] };

export class LandmarkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  readonly version: Promise<string>;

  /** `wasm`: the compiled tasks-vision module, shared by all workers (compileTasksVisionWasm). */
  constructor(modelsDir: string, wasm: TasksVisionWasm) {
    this.worker = startWorker(landmarkerWorkerEntry());
    this.worker.unref();
    this.worker.on('message', (res: WorkerResponse) => {
      const p = this.pending.get(res.id);
      this.pending.delete(res.id);
      if (!p) return;
      if (res.ok) p.resolve(res);
      else p.reject(new Error(`Face detection: ${res.error}`));
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) =>
      fail(new Error(`Face detection worker crashed: ${err.message}`)),
    );
    this.worker.on('exit', (code) =>
      fail(new Error(`Face detection worker exited (code ${code})`)),
    );
    this.version = this.request({ kind: 'init', modelsDir, wasm }).then((r) =>
      r.ok && r.kind === 'init' ? r.version : '',
    );
    // Callers see init failures on their first request; this only avoids an unhandled rejection.
    this.version.catch(() => undefined);
  }

  private request(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ...body } as WorkerRequest, transfer);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  /**
   * BlazeFace boxes for each image, in that image's pixels. The images' buffers are moved to the
   * worker, not copied (detection tiles are made for the call): pass images nobody else uses.
   */
  async boxes(images: RgbaImage[], minScore: number): Promise<RawBox[][]> {
    await this.version;
    const res = await this.request(
      { kind: 'boxes', images, minScore },
      images.map((image) => image.data.buffer as ArrayBuffer),
    );
    return res.ok && res.kind === 'boxes' ? res.boxes : [];
  }

  /** Face meshes (478 points) for each image, in that image's pixels. */
  async meshes(images: RgbaImage[]): Promise<RawMesh[][]> {
    await this.version;
    const res = await this.request({ kind: 'mesh', images });
    return res.ok && res.kind === 'mesh' ? res.meshes : [];
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
