/**
 * Which onnxruntime execution provider to try on this OS: CUDA on Linux when its provider
 * library is installed (`npm install onnxruntime-node --onnxruntime-node-install=cuda12`),
 * DirectML on Windows, CoreML on macOS; CPU always last, as the fallback.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type Provider = 'cuda' | 'dml' | 'coreml' | 'cpu';

/** The folder holding onnxruntime-node's native libraries for this platform. */
function ortBinDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    return path.join(path.dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

/** Providers in order of preference, with the reason any accelerated one is not tried. */
export function providerPlan(platform: NodeJS.Platform = process.platform): {
  order: Provider[];
  skipped: string | null;
} {
  switch (platform) {
    case 'linux': {
      const dir = ortBinDir();
      const cuda =
        dir !== null && fs.existsSync(path.join(dir, 'libonnxruntime_providers_cuda.so'));
      return cuda
        ? { order: ['cuda', 'cpu'], skipped: null }
        : {
            order: ['cpu'],
            skipped:
              'CUDA provider not installed (reinstall onnxruntime-node with --onnxruntime-node-install=cuda12 to use an NVIDIA GPU)',
          };
    }
    case 'win32':
      return { order: ['dml', 'cpu'], skipped: null };
    case 'darwin':
      return { order: ['coreml', 'cpu'], skipped: null };
    default:
      return { order: ['cpu'], skipped: `no accelerated provider for ${platform}` };
  }
}
