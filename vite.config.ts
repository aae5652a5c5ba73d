// Builds the renderer (renderer/) into dist/renderer with relative asset URLs, so the same files
// load from Electron's face-deblur-app:// protocol and from the loopback bridge.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(root, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist', 'renderer'),
    emptyOutDir: true,
    // Electron 45 and current Chromium: no legacy transforms or polyfills needed.
    target: 'chrome130',
    // The CSP forbids inline scripts: keep every script a file, never a data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
