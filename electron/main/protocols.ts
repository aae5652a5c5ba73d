/**
 * Handlers of the app's two privileged schemes (registered in index.ts with protocol.handle):
 *   face-deblur-app://app/...     the built renderer, with the CSP (never file://)
 *   face-deblur-media://media/... album renditions, only from opened folders (core/album/media.ts)
 * They take a fetch Request and return a Response, so tests call them without Electron.
 */
import type { AlbumService } from '../core/album/album.js';
import { documentHeaders } from '../ipc/server/csp.js';
import { readRendererAsset } from '../ipc/server/rendererAssets.js';
import { APP_HOST, MEDIA_SCHEME } from './security.js';

type ProtocolHandler = (request: Request) => Promise<Response>;

const notFound = () => new Response('Not found', { status: 404 });

export function appProtocolHandler(rendererDir: string): ProtocolHandler {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }
    const asset = await readRendererAsset(rendererDir, pathname);
    return new Response(new Uint8Array(Buffer.from(asset.body)), {
      status: asset.status,
      headers: { ...documentHeaders(`${MEDIA_SCHEME}:`), 'content-type': asset.contentType },
    });
  };
}

export function mediaProtocolHandler(album: AlbumService): ProtocolHandler {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'media' || request.method !== 'GET') return notFound();
    const media = await album.media(url.pathname.slice(1), url.searchParams.get('path'));
    return new Response(new Uint8Array(Buffer.from(media.body)), {
      status: media.status,
      headers: media.headers,
    });
  };
}
