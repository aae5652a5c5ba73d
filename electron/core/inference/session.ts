/**
 * One onnxruntime-node session per model file: verified by sha256 before loading, created once
 * (cached per file and hash), on the best execution provider with CPU fallback (the reason is
 * logged), warmed up with one run so the first photo does not pay for lazy initialisation.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { type Provider, providerPlan } from './providers.js';

export interface SessionOptions {
  /** Threads for one operator; default: all cores (sessions run one at a time per photo). */
  intraOpThreads?: number;
  /** Where fallbacks are reported (default: console.warn). */
  log?: (message: string) => void;
  /** Input shape for the warm-up run (default 1x3x240x200, the aligned face crop). */
  warmupShape?: readonly number[];
  /**
   * 'cpu' skips the accelerated providers of the plan (the app's CPU setting); default 'auto'.
   * Sessions are cached per file: to change provider or threads, releaseModels() first.
   */
  provider?: 'auto' | 'cpu';
}

export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'ModelFileError';
  }
}

export interface ModelSession {
  file: string;
  sha256: string;
  provider: Provider;
  inputNames: readonly string[];
  outputNames: readonly string[];
  /** Runs the model on named float32 NCHW tensors; returns the named outputs. */
  run(
    inputs: Record<string, { data: Float32Array; dims: readonly number[] }>,
  ): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>>;
  release(): Promise<void>;
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

const cache = new Map<string, Promise<ModelSession>>();
/** The provider plan's reason is logged once per process, not once per model. */
let planLogged = false;

async function createOn(
  bytes: Uint8Array,
  providers: Provider[],
  threads: number,
): Promise<{ session: ort.InferenceSession; provider: Provider }> {
  const provider = providers[0] ?? 'cpu';
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [provider],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    // No spin-waiting between runs: the intra-op threads would otherwise busy-wait after each
    // network for the next one, taking the cores from the stages in between (kernel estimation,
    // Wiener, face detection's MediaPipe workers, sharp) on a 2-core machine.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  return { session, provider };
}

async function open(file: string, sha256: string, opts: SessionOptions): Promise<ModelSession> {
  const log = opts.log ?? ((m: string) => console.warn(m));
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (cause) {
    throw new ModelFileError(
      file,
      `cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`,
      { cause },
    );
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new ModelFileError(
      file,
      `sha256 ${actual} does not match the expected ${sha256}: the file is corrupt or not the model the manifest names. Reinstall the models.`,
    );
  }
  const threads = opts.intraOpThreads ?? Math.max(1, os.availableParallelism());
  const plan =
    opts.provider === 'cpu' ? { order: ['cpu' as const], skipped: null } : providerPlan();
  if (plan.skipped && !planLogged) log(`inference: using CPU: ${plan.skipped}`);
  planLogged ||= plan.skipped !== null;
  let created: { session: ort.InferenceSession; provider: Provider } | undefined;
  for (const [i, provider] of plan.order.entries()) {
    try {
      created = await createOn(bytes, plan.order.slice(i), threads);
      break;
    } catch (cause) {
      if (provider === 'cpu') {
        throw new ModelFileError(file, `onnxruntime cannot load it: ${(cause as Error).message}`, {
          cause,
        });
      }
      log(
        `inference: ${provider} unavailable for ${file}, falling back: ${(cause as Error).message}`,
      );
    }
  }
  if (!created) throw new ModelFileError(file, 'no execution provider could load it.');
  const { session, provider } = created;
  const model: ModelSession = {
    file,
    sha256,
    provider,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(inputs) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(inputs)) {
        feeds[name] = new ort.Tensor('float32', t.data, t.dims);
      }
      const result = await session.run(feeds);
      const out: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
      for (const [name, t] of Object.entries(result)) {
        if (!(t.data instanceof Float32Array)) {
          throw new ModelFileError(file, `output "${name}" is ${t.type}, expected float32.`);
        }
        out[name] = { data: t.data, dims: t.dims };
      }
      return out;
    },
    release: () => session.release(),
  };
  const shape = opts.warmupShape ?? [1, 3, 240, 200];
  const size = shape.reduce((a, b) => a * b, 1);
  const warm: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
  for (const name of session.inputNames) warm[name] = { data: new Float32Array(size), dims: shape };
  await model.run(warm);
  return model;
}

/**
 * The session for `file`, created on first use and shared afterwards. A failed creation is not
 * cached, so a corrected file can be loaded by a later call.
 */
export function loadModel(
  file: string,
  sha256: string,
  opts: SessionOptions = {},
): Promise<ModelSession> {
  const key = `${file}\0${sha256}`;
  let session = cache.get(key);
  if (!session) {
    session = open(file, sha256, opts);
    cache.set(key, session);
    session.catch(() => cache.delete(key));
  }
  return session;
}

/** Releases every cached session (end of a CLI run, tests). */
export async function releaseModels(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((s) => s.then((m) => m.release()).catch(() => undefined)));
}
