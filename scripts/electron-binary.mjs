// Where Electron's binary is, without triggering a download: `require('electron')` would try
// to download a missing binary (and hang offline), so its lookup is repeated here read-only.
// Used by scripts/start.mjs and the e2e "electron" project.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const DEFAULT_EXECUTABLE = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/** `{ path }` of a runnable Electron binary, or `{ path: null, reason }` saying why there is none. */
export function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const executable = fs.existsSync(pathFile)
    ? fs.readFileSync(pathFile, 'utf8').trim()
    : (DEFAULT_EXECUTABLE[process.platform] ?? 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, executable)
    : fs.existsSync(pathFile)
      ? path.join(pkg, 'dist', executable)
      : null;
  if (candidate && fs.existsSync(candidate)) return { path: candidate, reason: null };
  const reason = override
    ? `ELECTRON_OVERRIDE_DIST_PATH has no ${executable}`
    : "Electron's binary was not downloaded during install (offline or ELECTRON_SKIP_BINARY_DOWNLOAD)";
  return { path: null, reason };
}
