/**
 * The loopback bridge: serves the built renderer and speaks the IPC contract over HTTP, so the
 * real renderer runs in a normal browser against the real main-process services (e2e tests,
 * and `npm start` where Electron's binary is missing). Routes:
 *   GET  /?token=T        one-time launch URL: sets the session cookie, redirects to /
 *   POST /ipc/<channel>   JSON args -> JSON envelope (electron/ipc/server/dispatch.ts)
 *   GET  /events          server-sent events of the contract's events
 *   GET  /media/<rendition>?path=...   core/album/media.ts
 *   GET  /<asset>         the renderer, with the same CSP as in Electron
 * Access rules: guard.ts.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { wire } from '../ipc/wire.js';
import { checkedEvent, dispatch, type HandlerContext } from '../ipc/server/dispatch.js';
import { documentHeaders } from '../ipc/server/csp.js';
import { sharedHandlers, type HostHandlers, type Services } from '../ipc/server/handlers.js';
import { readRendererAsset } from '../ipc/server/rendererAssets.js';
import { checkOrigin, checkToken, cookieName, sameToken, type GuardSettings } from './guard.js';

export interface BridgeOptions {
  rendererDir: string;
  services: Services;
  app: { name: string; version: string };
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface Bridge {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The one-time URL to open in a browser: it logs the browser in and shows the app. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

/** batchStart may carry a whole album's paths (100,000 at most, by its schema). */
const MAX_BODY_BYTES = 16 << 20;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('base64url');
  const settings: GuardSettings = { port: 0, token };
  const streams = new Set<http.ServerResponse>();
  const ctx: HandlerContext = {
    emit(event, payload) {
      const data = JSON.stringify(checkedEvent(event, payload));
      for (const res of streams) res.write(`event: ${event}\ndata: ${data}\n\n`);
    },
  };
  const hostHandlers: HostHandlers = {
    appInfo: async () => ({
      ...options.app,
      mode: 'bridge',
      platform: process.platform,
      nativeFolderDialog: false,
      mediaBase: '/media',
    }),
    folderPick: async () => {
      throw Object.assign(
        new Error('There is no folder dialog in browser mode: type the folder path instead.'),
        { code: 'unsupported' },
      );
    },
    // No file manager to show in browser mode: the UI shows the path to copy instead.
    folderReveal: async ({ path }) => ({ revealed: false, path }),
  };
  const handlers = { ...sharedHandlers(options.services), ...hostHandlers };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('bridge: request failed', err);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const origin = checkOrigin(req.headers, settings);
    if (!origin.ok) return send(res, origin.status, origin.reason);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? undefined, token)) {
        return send(res, 401, 'Wrong session token: use the URL printed by `npm start`.');
      }
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${cookieName(settings.port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    const auth = checkToken(req.headers, settings);
    if (!auth.ok) return send(res, auth.status, auth.reason);

    if (url.pathname.startsWith('/ipc/')) {
      if (req.method !== 'POST') return send(res, 405, 'IPC calls use POST');
      if (!req.headers['content-type']?.startsWith('application/json')) {
        return send(res, 415, 'IPC calls send application/json');
      }
      const body = await readBody(req);
      if (body === null) return send(res, 413, 'Request body too large');
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body) : {};
      } catch {
        return send(res, 400, 'Request body is not valid JSON');
      }
      const envelope = await dispatch(handlers, url.pathname.slice(5), args, ctx);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(envelope));
    }
    if (req.method !== 'GET') return send(res, 405, 'Only GET here');
    if (url.pathname === wire.eventsRoute) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      const media = await options.services.album.media(
        url.pathname.slice('/media/'.length),
        url.searchParams.get('path'),
      );
      res.writeHead(media.status, media.headers);
      return void res.end(media.body);
    }
    let assetPath: string;
    try {
      assetPath = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'Malformed URL');
    }
    const asset = await readRendererAsset(options.rendererDir, assetPath);
    res.writeHead(asset.status, {
      ...documentHeaders(null),
      'content-type': asset.contentType,
      'cache-control': 'no-store',
    });
    res.end(asset.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  settings.port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${settings.port}`;
  return {
    origin,
    launchUrl: `${origin}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  res.end(message);
}

/** The request body as text, or null when it exceeds MAX_BODY_BYTES. */
async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
