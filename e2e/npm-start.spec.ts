// Starts the app the way README.md says (`npm start`), here without Electron's binary, so it
// must fall back to browser mode; FACE_DEBLUR_NO_BROWSER=1 makes it print the URL instead of
// opening a window, and the test opens that URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../electron/core/paths.js';
import { electronBinary } from '../scripts/electron-binary.mjs';

let app: ChildProcess | undefined;

test.afterEach(() => {
  // npm runs the script in a child: end the whole process group the test started.
  if (app?.pid) process.kill(-app.pid, 'SIGTERM');
});

test('npm start serves the app in browser mode when Electron is missing', async ({ page }) => {
  test.skip(electronBinary().path !== null, 'Electron is installed: npm start opens its window');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  app = spawn(npm, ['start', '--silent'], {
    cwd: repoRoot,
    env: { ...process.env, FACE_DEBLUR_NO_BROWSER: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no URL:\n${output}`)),
      30_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /app running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    app?.stdout?.on('data', read);
    app?.stderr?.on('data', read);
    app?.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  // One clear line says why it is not Electron.
  expect(output).toMatch(/Electron's binary .*; running in browser mode instead\./);

  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'No folder open' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open folder' }).first()).toBeEnabled();
});
