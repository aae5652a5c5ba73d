#!/usr/bin/env node
// `npm run build`: bundles everything the app runs into dist/.
//   dist/electron/main.cjs      Electron main process (CJS: Electron loads it with require)
//   dist/electron/preload.cjs   the sandboxed preload: ONE self-contained CJS file, only
//                               `electron` stays external (a sandboxed preload cannot require)
//   dist/electron/bridge.mjs    the loopback bridge (scripts/start.mjs, browser mode)
//   dist/electron/<name>.worker.mjs   each electron/core/**/<name>.worker.ts (worker_threads)
//   dist/cli.js                 the `face-deblur` command (bin/face-deblur.js loads it), when
//                               electron/cli/main.ts exists
//   dist/renderer/              the React renderer (vite.config.ts)
// Native and data-carrying packages stay external: they are loaded from node_modules (unpacked
// from the asar in packaged builds, build/electron-builder.yml), and the addon from native/build.
// electron/core/paths.ts finds the root two folders above import.meta.url, as from the sources:
// bundles live in dist/electron/, and the CLI's modules are told they do (see below).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();

const external = ['electron', 'sharp', 'onnxruntime-node', '@mediapipe/tasks-vision', '*.node'];

/** Node-side bundle settings; CJS output gets an import.meta.url equivalent. */
function nodeBundle(entry, outfile, format) {
  const cjs = format === 'cjs';
  return {
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, outfile),
    bundle: true,
    platform: 'node',
    format,
    // Electron 45 runs Node 22; the bridge and CLI run on the user's Node (>= 20.19).
    target: 'node20.19',
    external,
    sourcemap: 'linked',
    logLevel: 'warning',
    ...(cjs
      ? {
          banner: {
            js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
          },
          define: { 'import.meta.url': '__importMetaUrl' },
        }
      : {
          // Bundled CommonJS dependencies may call require(); give ESM output one.
          banner: {
            js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
          },
        }),
  };
}

function workerEntries(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...workerEntries(full));
    else if (entry.name.endsWith('.worker.ts')) found.push(path.relative(root, full));
  }
  return found;
}

const bundles = [
  nodeBundle('electron/main/index.ts', 'dist/electron/main.cjs', 'cjs'),
  {
    ...nodeBundle('electron/preload/index.ts', 'dist/electron/preload.cjs', 'cjs'),
    external: ['electron'],
    platform: 'browser',
    minify: true,
    target: 'chrome130',
    banner: {},
    define: {},
  },
  nodeBundle('electron/bridge/index.ts', 'dist/electron/bridge.mjs', 'esm'),
  ...workerEntries(path.join(root, 'electron', 'core')).map((entry) =>
    nodeBundle(entry, `dist/electron/${path.basename(entry, '.ts')}.mjs`, 'esm'),
  ),
];
if (fs.existsSync(path.join(root, 'electron/cli/main.ts'))) {
  const cli = nodeBundle('electron/cli/main.ts', 'dist/cli.js', 'esm');
  // dist/cli.js sits one level higher than the other bundles: its modules see import.meta.url
  // as dist/electron/cli.js, so paths relative to the root resolve as everywhere else.
  cli.banner.js += " const __bundleUrl = new URL('./electron/cli.js', import.meta.url).href;";
  cli.define = { 'import.meta.url': '__bundleUrl' };
  bundles.push(cli);
}

await Promise.all([
  ...bundles.map((options) => esbuild.build(options)),
  viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' }),
]);

const outputs = bundles.map((b) => path.relative(root, b.outfile)).concat('dist/renderer/');
console.log(
  `build: ${outputs.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
