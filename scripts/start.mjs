#!/usr/bin/env node
// `npm start`: runs the desktop app. With Electron's binary installed it launches Electron.
// Without it (offline install, this kind of CI machine) it says so in one line and serves the
// same renderer with the same main-process services over the loopback bridge, then opens it
// in the system's Chromium/Chrome, or prints the URL to open.
//   --no-browser (or FACE_DEBLUR_NO_BROWSER=1): only print the URL (used by the e2e test)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const noBrowser =
  process.argv.includes('--no-browser') || process.env.FACE_DEBLUR_NO_BROWSER === '1';

for (const built of ['electron/main.cjs', 'electron/bridge.mjs', 'renderer/index.html']) {
  if (!fs.existsSync(path.join(dist, built))) {
    console.error(`face-deblur: dist/${built} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
}

const electron = electronBinary();
if (electron.path) {
  const child = spawn(electron.path, [root], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(`face-deblur: ${electron.reason}; running in browser mode instead.`);
  await runInBrowser();
}

async function runInBrowser() {
  const { createServices, startBridge } = await import(
    pathToFileURL(path.join(dist, 'electron', 'bridge.mjs')).href
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const bridge = await startBridge({
    rendererDir: path.join(dist, 'renderer'),
    services: createServices(path.join(root, 'cache')),
    app: { name: pkg.name, version: pkg.version },
  });
  const browser = noBrowser ? null : findBrowser();
  console.log(`face-deblur: app running at ${bridge.launchUrl} (Ctrl+C to stop)`);

  let child = null;
  const stop = async (code) => {
    child?.kill();
    await bridge.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (browser) {
    // An app window with its own profile: the session cookie stays out of the user's browser,
    // and closing the window ends the app, as closing Electron's window would.
    child = spawn(
      browser,
      [
        `--app=${bridge.launchUrl}`,
        `--user-data-dir=${path.join(root, 'cache', 'browser-profile')}`,
        '--no-first-run',
        '--no-default-browser-check',
        // Chromium refuses to start as root without this (containers, CI machines).
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      { stdio: 'ignore' },
    );
    child.on('error', () =>
      console.log('face-deblur: could not start the browser; open the URL above.'),
    );
    child.on('exit', () => void stop(0));
  } else if (!noBrowser) {
    console.log('face-deblur: no Chromium or Chrome found; open the URL above in your browser.');
  }
}

function findBrowser() {
  const candidates =
    {
      linux: [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/snap/bin/chromium',
      ],
      darwin: [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
      ],
      win32: [
        path.join(
          process.env.PROGRAMFILES ?? 'C:\\Program Files',
          'Google\\Chrome\\Application\\chrome.exe',
        ),
        path.join(process.env.LOCALAPPDATA ?? '', 'Google\\Chrome\\Application\\chrome.exe'),
      ],
    }[process.platform] ?? [];
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}
