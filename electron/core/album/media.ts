/**
 * The media route, one implementation for both hosts: Electron's `face-deblur-media://` protocol
 * (electron/main/protocols.ts) and the bridge's `/media/` HTTP route (electron/bridge/server.ts)
 * turn their request into a URL and hand it here. URL shape, relative to the host's media base
 * (ipc `appInfo.mediaBase`):   <base>/<rendition>?path=<absolute file path, URI-encoded>
 * Only files inside folders opened in this session are served (OpenedFolders.resolve).
 */
import fs from 'node:fs/promises';
import { AlbumError, type AlbumErrorCode } from './errors.js';
import type { OpenedFolders } from './openedFolders.js';
import { isRendition, type RenditionCache } from './thumbnails.js';

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const STATUS: Record<AlbumErrorCode, number> = {
  'invalid-path': 400,
  'not-found': 404,
  'not-a-folder': 400,
  outside: 403,
  'not-image': 415,
};

/** Builds a media URL (the renderer has its own copy of this one-liner: it cannot import core). */
export function mediaUrl(base: string, rendition: string, file: string): string {
  return `${base}/${rendition}?path=${encodeURIComponent(file)}`;
}

/**
 * Answers a media request. `rendition` is the last path segment of the request URL, `file`
 * its `path` query parameter (null when missing).
 */
export async function serveMedia(
  folders: OpenedFolders,
  renditions: RenditionCache,
  rendition: string,
  file: string | null,
): Promise<MediaResponse> {
  if (!isRendition(rendition)) return text(404, `Unknown rendition "${rendition}".`);
  if (!file) return text(400, 'Missing the "path" query parameter.');
  try {
    const real = await folders.resolve(file);
    const jpeg = await fs.readFile(await renditions.get(real, rendition));
    return {
      status: 200,
      headers: {
        'content-type': 'image/jpeg',
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
      },
      body: jpeg,
    };
  } catch (err) {
    if (err instanceof AlbumError) return text(STATUS[err.code], err.message);
    return text(500, `Could not render ${file}: ${err instanceof Error ? err.message : err}`);
  }
}

function text(status: number, message: string): MediaResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: message,
  };
}
