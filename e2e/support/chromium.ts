// Debian's Chromium as the e2e tests and browser benchmarks launch it (CHROMIUM_PATH overrides).
import type { LaunchOptions } from '@playwright/test';

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/** The smallest supported window. */
export const appViewport = { width: 1280, height: 800 };
