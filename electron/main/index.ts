// Electron main process: app lifecycle, the two privileged protocols, IPC wiring and the one
// main window. Services come from core (shared with the bridge and the CLI); everything here is
// glue. Security settings: security.ts, applied by harden.ts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { wire } from '../ipc/wire.js';
import { checkedEvent, type HandlerContext, type Handlers } from '../ipc/server/dispatch.js';
import { closeServices, createServices, sharedHandlers } from '../ipc/server/handlers.js';
import { startSharedDetector } from '../core/faces/index.js';
import { hardenContents, hardenSession } from './harden.js';
import { registerIpc } from './ipc.js';
import { appProtocolHandler, mediaProtocolHandler } from './protocols.js';
import {
  APP_SCHEME,
  APP_URL,
  MEDIA_BASE,
  MEDIA_SCHEME,
  mainWindowOptions,
  schemePrivileges,
} from './security.js';

protocol.registerSchemesAsPrivileged(schemePrivileges);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenContents(contents));

let mainWindow: BrowserWindow | null = null;

function createMainWindow(root: string): BrowserWindow {
  const preload = path.join(root, 'dist', 'electron', 'preload.cjs');
  // Electronegativity cannot see through mainWindowOptions(): it sets contextIsolation and
  // sandbox to true and disables Auxclick, each asserted by security.test.ts.
  const win = new BrowserWindow(mainWindowOptions(preload)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  win.loadURL(APP_URL).catch((err: unknown) => console.error('main: could not load the UI', err));
  return win;
}

async function start(): Promise<void> {
  // The app root: the repository in development, resources/app.asar when packaged.
  const root = app.getAppPath();
  const services = createServices(path.join(app.getPath('userData'), 'cache'), {
    settingsDir: app.getPath('userData'),
  });
  // The face detector's workers start now, while the window loads (about a second of wasm and
  // model set-up the first opened photo would otherwise wait for); an error comes with it.
  startSharedDetector().catch(() => undefined);
  // The face detector's workers and the model sessions end with the app.
  app.on('will-quit', () => void closeServices(services));
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(path.join(root, 'dist', 'renderer')));
  protocol.handle(MEDIA_SCHEME, mediaProtocolHandler(services.album));

  const ctx: HandlerContext = {
    emit(event, payload) {
      mainWindow?.webContents.send(wire.event(event), checkedEvent(event, payload));
    },
  };
  const handlers: Handlers = {
    ...sharedHandlers(services),
    appInfo: async () => ({
      name: app.getName(),
      version: app.getVersion(),
      mode: 'electron',
      platform: process.platform,
      nativeFolderDialog: true,
      mediaBase: MEDIA_BASE,
    }),
    folderPick: async () => {
      const options = { properties: ['openDirectory' as const] };
      const picked = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return { folder: picked.canceled ? null : (picked.filePaths[0] ?? null) };
    },
    folderReveal: async ({ path: target }) => {
      // Folders open in the file manager; a file is shown selected in its folder. Neither
      // call runs the file, whatever the renderer sends.
      const stat = path.isAbsolute(target) ? await fs.stat(target).catch(() => null) : null;
      if (!stat) {
        throw Object.assign(new Error(`${target} does not exist (any more); export again.`), {
          code: 'not-found',
        });
      }
      if (!stat.isDirectory()) {
        shell.showItemInFolder(target);
        return { revealed: true, path: target };
      }
      const failure = await shell.openPath(target);
      return { revealed: failure === '', path: target };
    },
  };
  registerIpc(ipcMain, handlers, ctx);

  mainWindow = createMainWindow(root);
  app.on('activate', () => {
    mainWindow ??= createMainWindow(root);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start, (err: unknown) => {
    console.error('main: startup failed', err);
    app.exit(1);
  });
}
