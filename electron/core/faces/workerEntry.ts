/**
 * Where a worker's entry file is (the landmarker's here, the app's restoration worker), from the
 * TypeScript sources (vitest, tsx) and from the esbuild bundles in dist/ alike. The build
 * bundles every <name>.worker.ts under electron/core/ to dist/electron/<name>.worker.mjs
 * (scripts/build.mjs); FACE_DEBLUR_FACES_WORKER overrides for unusual layouts (packaged asar).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { repoRoot } from '../paths.js';

export interface WorkerEntry {
  file: string;
  /** True for the TypeScript source: the worker must register tsx before importing it. */
  typescript: boolean;
}

export function landmarkerWorkerEntry(): WorkerEntry {
  return workerEntryFor(import.meta.url, 'landmarker', 'FACE_DEBLUR_FACES_WORKER');
}

/**
 * The entry of `<name>.worker.ts`, which lies beside the module at `callerUrl` (pass
 * import.meta.url): the source when running from TypeScript, else the bundle's
 * `<name>.worker.mjs`. The environment variable `overrideVariable` overrides.
 */
export function workerEntryFor(
  callerUrl: string,
  name: string,
  overrideVariable: string,
): WorkerEntry {
  const override = process.env[overrideVariable];
  if (override) return { file: path.resolve(override), typescript: override.endsWith('.ts') };
  const here = fileURLToPath(callerUrl);
  if (here.endsWith('.ts')) {
    return { file: path.join(path.dirname(here), `${name}.worker.ts`), typescript: true };
  }
  // Bundled: this code sits in dist/electron/*.{cjs,mjs} or dist/cli.js.
  const bundled = `${name}.worker.mjs`;
  const candidates = [
    path.join(path.dirname(here), bundled),
    path.join(path.dirname(here), 'electron', bundled),
    path.join(repoRoot, 'dist', 'electron', bundled),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) {
    throw new Error(
      `The ${name} worker was not found (looked in ${candidates.join(', ')}). ` +
        `Run \`npm run build\`, or set ${overrideVariable} to its path.`,
    );
  }
  return { file: found, typescript: false };
}

/**
 * Starts `entry` in a worker_thread. A TypeScript entry (tests, tsx scripts) gets tsx's loader
 * registered inside the worker first: Node 20 does not pass the parent's loader hooks on.
 */
export function startWorker(entry: WorkerEntry): Worker {
  const streams = { stdout: true, stderr: true };
  const bootstrap =
    "import('tsx/esm/api').then((tsx) => { tsx.register(); return import(require('node:worker_threads').workerData); })";
  const worker = entry.typescript
    ? new Worker(bootstrap, { eval: true, workerData: pathToFileURL(entry.file).href, ...streams })
    : new Worker(entry.file, streams);
  forwardLines(worker.stdout, process.stdout);
  forwardLines(worker.stderr, process.stderr);
  return worker;
}

/** MediaPipe's routine start-up logging (glog lines, TFLite notes): dropped, the rest kept. */
const ROUTINE_LOG = /^([IW]\d{4} |INFO: |Graph successfully started running)/;

function forwardLines(from: Readable, to: NodeJS.WritableStream): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (!ROUTINE_LOG.test(line)) to.write(`${line}\n`);
  });
}
