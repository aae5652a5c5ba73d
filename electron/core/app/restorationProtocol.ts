/** Messages between the app and its restoration worker (restoration.worker.ts). */
import type { Provider } from '../inference/providers.js';
import type { SessionOptions } from '../inference/session.js';

export type Tensors = Record<string, { data: Float32Array; dims: readonly number[] }>;

export interface SessionInfo {
  file: string;
  sha256: string;
  provider: Provider;
  inputNames: string[];
  outputNames: string[];
}

export type WorkerRequest =
  | {
      id: number;
      kind: 'load';
      dir: string;
      options: Pick<SessionOptions, 'provider' | 'intraOpThreads'>;
    }
  | { id: number; kind: 'run'; model: 'sketch' | 'deartifact'; inputs: Tensors }
  | { id: number; kind: 'release' };

export type WorkerResponse =
  | {
      id: number;
      ok: true;
      kind: 'load';
      log: string[];
      models: {
        dir: string;
        trained: boolean;
        hashes: Record<string, string>;
        sketch: SessionInfo;
        deartifact: SessionInfo | null;
      };
    }
  | { id: number; ok: true; kind: 'run'; outputs: Tensors }
  | { id: number; ok: true; kind: 'release' }
  | { id: number; ok: false; name: string; message: string };
