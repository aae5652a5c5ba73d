// Builds the app (a second or two: e2e tests always run the current sources) and starts the
// loopback bridge from the built bundle with real services, for the chromium-bridge project.
// Tests read the launch URL from FACE_DEBLUR_E2E_URL.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../electron/core/paths.js';
import type * as BridgeBundle from '../electron/bridge/index.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  const bundle = pathToFileURL(path.join(repoRoot, 'dist', 'electron', 'bridge.mjs')).href;
  const { createServices, startBridge } = (await import(bundle)) as typeof BridgeBundle;
  // A fresh thumbnail cache, so every run exercises the real sharp pipeline.
  const cache = await fs.mkdtemp(path.join(os.tmpdir(), 'face-deblur-e2e-'));
  const bridge = await startBridge({
    rendererDir: path.join(repoRoot, 'dist', 'renderer'),
    services: createServices(cache),
    app: { name: 'face-deblur', version: 'e2e' },
  });
  process.env.FACE_DEBLUR_E2E_URL = bridge.launchUrl;
  return async () => {
    await bridge.close();
    await fs.rm(cache, { recursive: true, force: true });
  };
}
