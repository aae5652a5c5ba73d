// Builds the app and starts the loopback bridge from the built bundle with the real services:
// one place for e2e/global-setup.ts and the benchmarks that drive the real renderer
// (scripts/bench-album-scroll.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../electron/core/paths.js';
import type * as BridgeBundle from '../../electron/bridge/index.js';

export interface E2eBridge {
  launchUrl: string;
  close(): Promise<void>;
}

/** A second or two: whatever runs against it always sees the current sources. */
export function buildApp(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
}

/** The bridge on a free port, with a fresh cache so every run exercises the real pipelines. */
export async function startE2eBridge(): Promise<E2eBridge> {
  const bundle = pathToFileURL(path.join(repoRoot, 'dist', 'electron', 'bridge.mjs')).href;
  const { closeServices, createServices, startBridge } = (await import(
    bundle
  )) as typeof BridgeBundle;
  const cache = await fs.mkdtemp(path.join(os.tmpdir(), 'face-deblur-e2e-'));
  const services = createServices(cache);
  const bridge = await startBridge({
    rendererDir: path.join(repoRoot, 'dist', 'renderer'),
    services,
    app: { name: 'face-deblur', version: 'e2e' },
  });
  return {
    launchUrl: bridge.launchUrl,
    async close() {
      await bridge.close();
      // The services' worker threads (inference, face landmarks) would keep a script alive.
      await closeServices(services);
      // Retried: a thumbnail or facts write that was in flight may still land while it runs
      // (ENOTEMPTY), now that the grid no longer waits minutes for main's backlog.
      await fs.rm(cache, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
