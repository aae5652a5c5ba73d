#!/usr/bin/env node
// `npm ci` runs this once after dependencies are in place. It turns a fresh checkout into a
// runnable app: native addon, MediaPipe models, the bundled app, plus the two downloads that
// need the internet (Electron's binary, onnxruntime's CUDA provider). Those two are attempted
// with a time limit and fail soft: offline machines still get a working install (bridge mode,
// CPU inference) and a one-line warning saying what is missing and how to get it later.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a required step; a failure stops the install with the step's name. */
function required(name, cmd, args) {
  console.log(`face-deblur install: ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`face-deblur install: "${name}" failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

/** Runs an optional download; a failure or time-out only warns. */
function optional(name, cmd, args, { cwd = root, env = {}, timeoutMs = 120_000, hint }) {
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  if (r.status === 0) {
    console.log(`face-deblur install: ${name}: done`);
    return;
  }
  const why = r.error ? r.error.message : (r.stderr?.toString().trim().split('\n').pop() ?? '');
  console.warn(
    `face-deblur install: WARNING ${name} skipped (${why || `exit ${r.status}`}). ${hint}`,
  );
}

const skip = (v) => v === '1' || v === 'true';

// 1. Electron's binary: its own postinstall is not in allowScripts (it would abort `npm ci`
//    offline); run it here instead, softly.
const electronDir = path.join(root, 'node_modules', 'electron');
if (skip(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
  console.warn(
    'face-deblur install: Electron binary download disabled (ELECTRON_SKIP_BINARY_DOWNLOAD); `npm start` will use bridge mode.',
  );
} else if (fs.existsSync(path.join(electronDir, 'install.js'))) {
  optional('Electron binary download', process.execPath, ['install.js'], {
    cwd: electronDir,
    hint: '`npm start` will serve the app in your browser instead (bridge mode).',
  });
}

// 2. onnxruntime-node's GPU provider (CUDA on Linux): CPU binaries ship in the npm package.
const ortDir = path.join(root, 'node_modules', 'onnxruntime-node');
if (process.env.ONNXRUNTIME_NODE_INSTALL === 'skip') {
  console.warn(
    'face-deblur install: onnxruntime GPU provider download disabled (ONNXRUNTIME_NODE_INSTALL=skip); CPU inference only.',
  );
} else if (fs.existsSync(path.join(ortDir, 'script', 'install.js'))) {
  optional('onnxruntime GPU provider', process.execPath, ['script/install.js'], {
    cwd: ortDir,
    hint: 'Inference runs on the CPU; see README "GPU inference" to add CUDA later.',
  });
}

// 3. Required, offline-capable steps.
required('native addon (node-gyp)', npm, ['run', '--silent', 'build:native']);
required('MediaPipe models', npm, ['run', '--silent', 'models:install']);
required('app bundle', npm, ['run', '--silent', 'build']);
