/**
 * Reads the built renderer (dist/renderer) for both hosts: Electron's `face-deblur-app://`
 * protocol and the bridge's static route. Only files inside the renderer folder are served.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../../core/album/openedFolders.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface Asset {
  status: number;
  contentType: string;
  body: Buffer | string;
}

/** `urlPath` is the URL's decoded pathname ('/' means index.html). */
export async function readRendererAsset(rendererDir: string, urlPath: string): Promise<Asset> {
  const relative = urlPath === '/' || urlPath === '' ? 'index.html' : urlPath.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!isInside(rendererDir, file) || relative.includes('\0') || !type) {
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };
  }
  try {
    return { status: 200, contentType: type, body: await fs.readFile(file) };
  } catch {
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };
  }
}
