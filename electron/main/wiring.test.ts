// What the main process asks Electron to do at start-up, checked on the real entry point
// (electron/main/index.ts bundled by esbuild, as scripts/build.mjs does) with `electron`
// replaced by a recording stand-in (testing/electronStandIn.cjs): the Electron binary is
// absent here. The pure settings themselves are tested in security.test.ts.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir } from '../core/paths.js';
import { channels } from '../ipc/contract.js';
import { wire } from '../ipc/wire.js';
import {
  APP_SCHEME,
  APP_URL,
  MEDIA_SCHEME,
  mainWindowOptions,
  schemePrivileges,
} from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url));
type Call = [string, ...unknown[]];
interface StandIn {
  calls: Call[];
  setAppPath(p: string): void;
  fireReady(): void;
}

let tmp: string;
let bundleDir: string;
let standIn: StandIn;
const callsNamed = (name: string) => standIn.calls.filter((c) => c[0] === name);

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fd-wiring-'));
  const standInPath = path.join(here, 'testing', 'electronStandIn.cjs');
  // Inside the repository, so the bundle resolves sharp and zod from node_modules.
  await fs.mkdir(cacheDir, { recursive: true });
  bundleDir = await fs.mkdtemp(path.join(cacheDir, 'wiring-'));
  const bundle = path.join(bundleDir, 'main.cjs');
  // The bundle's require('electron') finds the stand-in first, as node_modules/electron.
  const electronDir = path.join(bundleDir, 'node_modules', 'electron');
  await fs.mkdir(electronDir, { recursive: true });
  await fs.copyFile(standInPath, path.join(electronDir, 'index.js'));
  await esbuild.build({
    entryPoints: [path.join(here, 'index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // As scripts/build.mjs: native and data-carrying packages stay external.
    external: ['electron', 'sharp', 'onnxruntime-node', '@mediapipe/tasks-vision', '*.node'],
    // The same import.meta.url shim as scripts/build.mjs gives the CJS main bundle.
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    logLevel: 'error',
  });
  const require = createRequire(import.meta.url);
  standIn = require(path.join(electronDir, 'index.js')) as StandIn;
  await fs.mkdir(path.join(tmp, 'app', 'dist', 'renderer'), { recursive: true });
  await fs.writeFile(path.join(tmp, 'app', 'dist', 'renderer', 'index.html'), '<!doctype html>');
  standIn.setAppPath(path.join(tmp, 'app'));
  require(bundle);
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.rm(bundleDir, { recursive: true, force: true });
});

describe('before the app is ready', () => {
  it('registers the privileged schemes, enables the sandbox for all renderers', () => {
    expect(callsNamed('protocol.registerSchemesAsPrivileged')).toEqual([
      ['protocol.registerSchemesAsPrivileged', schemePrivileges],
    ]);
    expect(callsNamed('app.enableSandbox')).toHaveLength(1);
    expect(callsNamed('new BrowserWindow')).toHaveLength(0);
  });

  it('hardens every web contents as it is created', () => {
    const [, , listener] = callsNamed('app.on').find((c) => c[1] === 'web-contents-created') ?? [];
    const hooked: string[] = [];
    let openHandler: (() => unknown) | undefined;
    (listener as (e: unknown, c: unknown) => void)(
      {},
      {
        on: (name: string) => hooked.push(name),
        setWindowOpenHandler: (fn: () => unknown) => (openHandler = fn),
      },
    );
    expect(hooked).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('once ready', () => {
  beforeAll(async () => {
    standIn.fireReady();
    await new Promise((r) => setTimeout(r, 50));
  });

  it('denies permissions in the default session', () => {
    expect(callsNamed('session.setPermissionRequestHandler')).toHaveLength(1);
    expect(callsNamed('session.setPermissionCheckHandler')).toHaveLength(1);
  });

  it('serves the app and the media through their protocol handlers', async () => {
    const handlers = new Map(
      callsNamed('protocol.handle').map(([, scheme, fn]) => [
        scheme,
        fn as (r: Request) => Promise<Response>,
      ]),
    );
    expect([...handlers.keys()].sort()).toEqual([APP_SCHEME, MEDIA_SCHEME].sort());
    const page = await handlers.get(APP_SCHEME)?.(new Request(APP_URL));
    expect(page?.status).toBe(200);
    expect(page?.headers.get('content-security-policy')).toContain("default-src 'none'");
    const media = await handlers.get(MEDIA_SCHEME)?.(
      new Request(`face-deblur-media://media/thumb?path=${encodeURIComponent('/etc/passwd')}`),
    );
    expect(media?.status).toBe(403);
  });

  it('handles exactly the contract channels, each checking its sender', async () => {
    const handles = callsNamed('ipcMain.handle');
    expect(handles.map((c) => c[1]).sort()).toEqual(Object.keys(channels).map(wire.channel).sort());
    const appInfo = handles.find((c) => c[1] === wire.channel('appInfo'))?.[2] as (
      e: unknown,
      a: unknown,
    ) => Promise<unknown>;
    expect(await appInfo({ senderFrame: { url: APP_URL, parent: null } }, {})).toMatchObject({
      ok: true,
      value: { mode: 'electron', nativeFolderDialog: true, mediaBase: 'face-deblur-media://media' },
    });
    expect(
      await appInfo({ senderFrame: { url: 'https://evil.example/', parent: null } }, {}),
    ).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
  });

  it('reveals folders with openPath and files with showItemInFolder, never running them', async () => {
    const reveal = callsNamed('ipcMain.handle').find(
      (c) => c[1] === wire.channel('folderReveal'),
    )?.[2] as (e: unknown, a: unknown) => Promise<unknown>;
    const sender = { senderFrame: { url: APP_URL, parent: null } };
    expect(await reveal(sender, { path: tmp })).toEqual({
      ok: true,
      value: { revealed: true, path: tmp },
    });
    expect(callsNamed('shell.openPath')).toEqual([['shell.openPath', tmp]]);
    const file = path.join(tmp, 'app', 'dist', 'renderer', 'index.html');
    expect(await reveal(sender, { path: file })).toMatchObject({ ok: true });
    expect(callsNamed('shell.showItemInFolder')).toEqual([['shell.showItemInFolder', file]]);
    expect(await reveal(sender, { path: path.join(tmp, 'gone') })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await reveal(sender, { path: 'relative/dir' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('opens one window with the secure options and the app URL', () => {
    const preload = path.join(tmp, 'app', 'dist', 'electron', 'preload.cjs');
    expect(callsNamed('new BrowserWindow')).toEqual([
      ['new BrowserWindow', mainWindowOptions(preload)],
    ]);
    expect(callsNamed('win.loadURL')).toEqual([['win.loadURL', APP_URL]]);
  });
});
