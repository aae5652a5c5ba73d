/**
 * The Electron security settings of the app, as plain values and pure decisions so tests can
 * check each one without an Electron binary (electron/main/security.test.ts). index.ts and
 * window.ts apply them.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The renderer is served from this privileged scheme (never file://). */
export const APP_SCHEME = 'face-deblur-app';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** Images are served from this scheme, only from folders the user opened (core/album/media.ts). */
export const MEDIA_SCHEME = 'face-deblur-media';
export const MEDIA_BASE = `${MEDIA_SCHEME}://media`;

/** Privileges for protocol.registerSchemesAsPrivileged: standard + secure, no CORS bypass. */
export const schemePrivileges = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Middle-click (auxclick) could open links outside the window-open handler's reach.
    disableBlinkFeatures: 'Auxclick',
  };
}

export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    backgroundColor: '#161616',
    show: false,
    title: 'Face Deblur',
    webPreferences: webPreferences(preload),
  };
}

/** True for the app's own pages: face-deblur-app://app/... */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** will-navigate / will-redirect: the window never leaves the app's own pages. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** setWindowOpenHandler: no new windows, whatever the URL. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** The frame an IPC message came from, as far as the check needs it. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * IPC is answered only for the app's own top-level page: not for a sub-frame, not for a page
 * that managed to navigate elsewhere, not for a frame that is gone (null).
 */
export function trustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/** Permission requests (camera, notifications, ...) and checks: the app needs none. */
export function permissionAllowed(): false {
  return false;
}
