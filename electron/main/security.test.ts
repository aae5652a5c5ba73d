// Each Electron security default of the app, checked on the very objects and functions that
// main applies (no Electron binary is needed: they only use Electron's types).
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { AlbumService } from '../core/album/album.js';
import type { Handlers } from '../ipc/server/dispatch.js';
import { hardenContents, hardenSession, type GuardedContents } from './harden.js';
import { channelListener } from './ipc.js';
import { appProtocolHandler, mediaProtocolHandler } from './protocols.js';
import {
  APP_URL,
  MEDIA_BASE,
  mainWindowOptions,
  schemePrivileges,
  trustedSender,
  webPreferences,
} from './security.js';

let tmp: string;
let album: string;
let secret: string;
let rendererDir: string;

beforeAll(async () => {
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'fd-security-')));
  album = path.join(tmp, 'album');
  rendererDir = path.join(tmp, 'renderer');
  await fs.mkdir(album);
  await fs.mkdir(rendererDir);
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  await fs.writeFile(path.join(album, 'in.png'), png);
  secret = path.join(tmp, 'secret.png');
  await fs.writeFile(secret, png);
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('BrowserWindow defaults', () => {
  const prefs = webPreferences('/app/dist/electron/preload.cjs');

  it('isolates the renderer: contextIsolation, sandbox, no Node integration anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps webSecurity on and refuses insecure content, webviews and experimental features', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('is what the main window is created with', () => {
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(webPreferences('/p.cjs'));
  });

  it('registers custom schemes without CSP or CORS bypass', () => {
    for (const { privileges } of schemePrivileges) {
      expect(privileges).not.toHaveProperty('bypassCSP');
      expect(privileges).not.toHaveProperty('corsEnabled');
      expect(privileges.secure).toBe(true);
    }
  });
});

describe('navigation, window.open, webviews and permissions', () => {
  function fakeContents() {
    const emitter = new EventEmitter();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (...a: unknown[]) => void) => emitter.on(name, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => {
        openHandler = fn;
      },
    } as unknown as GuardedContents;
    hardenContents(contents);
    const fire = (name: string, url: string) => {
      const event = { preventDefault: vi.fn(), url };
      emitter.emit(name, event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { fire, open: (url: string) => openHandler?.({ url }) };
  }

  it('blocks navigation and redirects away from the app', () => {
    const { fire } = fakeContents();
    for (const kind of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(fire(kind, 'https://evil.example/')).toBe(true);
      expect(fire(kind, 'file:///etc/passwd')).toBe(true);
      expect(fire(kind, 'face-deblur-app://elsewhere/index.html')).toBe(true);
      expect(fire(kind, APP_URL)).toBe(false);
    }
  });

  it('denies window.open for any URL and prevents <webview> attachment', () => {
    const { fire, open } = fakeContents();
    expect(open('https://example.com')).toEqual({ action: 'deny' });
    expect(open(APP_URL)).toEqual({ action: 'deny' });
    expect(fire('will-attach-webview', APP_URL)).toBe(true);
  });

  it('grants no permission request or check', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    hardenSession({
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
    } as never);
    const answer = vi.fn();
    request?.({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(check?.()).toBe(false);
  });
});

describe('IPC sender validation', () => {
  const handlers = {
    appInfo: async () => ({
      name: 'face-deblur',
      version: '0',
      mode: 'electron',
      platform: 'linux',
      nativeFolderDialog: true,
      mediaBase: MEDIA_BASE,
    }),
  } as unknown as Handlers;
  const listener = channelListener('appInfo', handlers, { emit: () => undefined });
  const from = (senderFrame: unknown) => listener({ senderFrame } as IpcMainInvokeEvent, {});

  it('answers the app top frame', async () => {
    expect(await from({ url: APP_URL, parent: null })).toMatchObject({ ok: true });
  });

  it('refuses a sub-frame, another origin, file:// and a destroyed frame', async () => {
    const refused = { ok: false, error: { code: 'untrusted-sender' } };
    expect(await from({ url: APP_URL, parent: { url: APP_URL } })).toMatchObject(refused);
    expect(await from({ url: 'https://evil.example/', parent: null })).toMatchObject(refused);
    expect(await from({ url: 'file:///tmp/index.html', parent: null })).toMatchObject(refused);
    expect(await from(null)).toMatchObject(refused);
    expect(trustedSender(undefined)).toBe(false);
  });
});

describe('custom protocols', () => {
  it('serve the renderer with a strict CSP and refuse paths outside it', async () => {
    const handler = appProtocolHandler(rendererDir);
    const page = await handler(new Request(APP_URL));
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('img-src');
    expect(csp).toContain('face-deblur-media:');
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    const outside = await handler(
      new Request('face-deblur-app://app/%2e%2e%2f%2e%2e%2fetc/passwd'),
    );
    expect(outside.status).toBe(404);
    expect((await handler(new Request('face-deblur-app://other/index.html'))).status).toBe(404);
  });

  it('serve media only from opened folders: outside and traversal paths are refused', async () => {
    const service = new AlbumService(path.join(tmp, 'cache'));
    const handler = mediaProtocolHandler(service);
    const get = (file: string) =>
      handler(new Request(`${MEDIA_BASE}/thumb?path=${encodeURIComponent(file)}`));
    const inside = path.join(album, 'in.png');
    expect((await get(inside)).status).toBe(403); // nothing opened yet
    await service.open(album);
    const ok = await get(inside);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect((await get(secret)).status).toBe(403);
    expect((await get(`${album}/../secret.png`)).status).toBe(403);
    expect((await get('/etc/passwd')).status).toBe(403);
    expect(
      (await handler(new Request(`face-deblur-media://elsewhere/thumb?path=${inside}`))).status,
    ).toBe(404);
  });
});
