#!/usr/bin/env node
// `npm run models:install` (run by `npm ci` through scripts/postinstall.mjs): puts the MediaPipe
// model files pinned in electron/core/faces/models.json into models/mediapipe/ (git-ignored).
// Source: ../shared/data/models when present (FACE_DEBLUR_SHARED overrides ../shared), else the
// official MediaPipe URLs. Every file must match its pinned size and sha256; a mismatch is
// refused with a message. Files already installed and valid are left alone (fast re-runs).
// Downloads time out, so an offline machine gets a clear error instead of a hang.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pins = JSON.parse(
  fs.readFileSync(path.join(root, 'electron/core/faces/models.json'), 'utf8'),
).files;
const target = path.resolve(process.env.FACE_DEBLUR_MODELS ?? path.join(root, 'models/mediapipe'));
const shared = path.join(
  path.resolve(process.env.FACE_DEBLUR_SHARED ?? path.join(root, '..', 'shared')),
  'data',
  'models',
);
const TIMEOUT_MS = Number(process.env.FACE_DEBLUR_DOWNLOAD_TIMEOUT_MS ?? 60_000);

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Null when `bytes` match the pin, else what is wrong. */
function mismatch(pin, bytes) {
  const hash = sha256(bytes);
  if (bytes.length === pin.bytes && hash === pin.sha256) return null;
  return `${bytes.length} bytes, sha256 ${hash}; expected ${pin.bytes} bytes, sha256 ${pin.sha256}`;
}

async function download(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return Buffer.from(await res.arrayBuffer());
}

async function install(pin) {
  const dest = path.join(target, pin.name);
  if (fs.existsSync(dest) && !mismatch(pin, fs.readFileSync(dest))) return 'already installed';
  let bytes;
  let from;
  const local = path.join(shared, pin.name);
  if (fs.existsSync(local)) {
    bytes = fs.readFileSync(local);
    from = local;
  } else {
    try {
      bytes = await download(pin.url);
    } catch (err) {
      const why =
        err.name === 'TimeoutError' ? `timed out after ${TIMEOUT_MS / 1000} s` : err.message;
      throw new Error(
        `could not download ${pin.url} (${why}). Copy the file into ${target} by hand ` +
          'or set FACE_DEBLUR_SHARED to a folder with data/models/.',
        { cause: err },
      );
    }
    from = pin.url;
  }
  const wrong = mismatch(pin, bytes);
  if (wrong)
    throw new Error(`refusing ${from}: ${wrong}. The file is corrupt or not the pinned version.`);
  // Write beside, then rename: a crash never leaves a half-written model behind.
  const tmp = `${dest}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, dest);
  return `installed from ${from}`;
}

fs.mkdirSync(target, { recursive: true });
let failed = false;
for (const pin of pins) {
  try {
    console.log(`models:install: ${pin.name}: ${await install(pin)}`);
  } catch (err) {
    failed = true;
    console.error(`models:install: ${pin.name}: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
