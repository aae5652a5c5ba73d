/**
 * Applies security.ts to live Electron objects: every web contents (the main window and anything
 * created later) may not navigate away, open windows or attach <webview>s; the session grants
 * no permission. Only types come from electron, so tests drive these with stand-ins.
 */
import type { Session, WebContents } from 'electron';
import { navigationAllowed, permissionAllowed, windowOpenDecision } from './security.js';

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenContents(contents: GuardedContents): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (!navigationAllowed(url)) {
      event.preventDefault();
      console.warn(`security: blocked navigation to ${url}`);
    }
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-frame-navigate', (event) => block(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenDecision);
}

export type GuardedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

export function hardenSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(permissionAllowed()),
  );
  session.setPermissionCheckHandler(permissionAllowed);
}
