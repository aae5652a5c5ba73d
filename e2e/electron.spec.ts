/// <reference lib="dom" />
// The real Electron app through Playwright's `_electron`, when a binary is installed (a normal
// install with internet, or ELECTRON_OVERRIDE_DIST_PATH). Skipped, with the reason, otherwise.
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { repoRoot, sharedDataDir } from '../electron/core/paths.js';
import type { PreloadApi } from '../electron/ipc/contract.js';
import { electronBinary } from '../scripts/electron-binary.mjs';

declare global {
  interface Window {
    faceDeblur?: PreloadApi;
  }
}

const binary = electronBinary();

test('the Electron app opens its window with the secure preload API', async () => {
  if (binary.path === null) {
    // The list reporter does not show skip reasons: say it in the run's output too.
    console.log(`electron e2e skipped: ${binary.reason}`);
    test.skip(true, `No Electron binary: ${binary.reason}`);
  }
  const app = await electron.launch({
    executablePath: binary.path ?? undefined,
    args: [repoRoot],
    env: { ...process.env, FACE_DEBLUR_SHARED: path.dirname(sharedDataDir()) },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { name: 'No folder open' })).toBeVisible();
    expect(win.url()).toBe('face-deblur-app://app/index.html');
    // The page sees the contract's API, and nothing of Node.
    const exposed = await win.evaluate(() => ({
      api: Object.keys(window.faceDeblur ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(exposed.api).toContain('albumOpen');
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    const info = await win.evaluate(() => window.faceDeblur?.appInfo({}));
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron', nativeFolderDialog: true } });
    await win.screenshot({ path: test.info().outputPath('electron-window.png') });
  } finally {
    await app.close();
  }
});
