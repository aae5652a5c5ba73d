// End-to-end tests. Two projects:
// - chromium-bridge: the REAL renderer in Debian's Chromium, talking to the REAL main-process
//   services over the loopback bridge (started by e2e/global-setup.ts from a fresh build).
// - electron: the real Electron app through Playwright's `_electron`, when an Electron binary
//   is installed (or ELECTRON_OVERRIDE_DIST_PATH points at one); otherwise its test is skipped
//   and says why.
// Artifacts (screenshots, traces of failures) go to test-results/.
import { defineConfig } from '@playwright/test';
import { appViewport, chromiumLaunchOptions } from './e2e/support/chromium.js';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium-bridge',
      testIgnore: /electron\.spec\.ts/,
      use: {
        browserName: 'chromium',
        viewport: appViewport,
        launchOptions: chromiumLaunchOptions,
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts/,
    },
  ],
});
