/**
 * Builds the object the preload exposes as `window.faceDeblur`: one method per channel of the
 * contract (nothing else reaches ipcRenderer), plus `on` for the contract's events. Kept apart
 * from index.ts so tests can build it with a recording stand-in for ipcRenderer.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  channels,
  isEventName,
  type ChannelName,
  type PreloadApi,
  type Subscribe,
} from '../ipc/contract.js';
import { wire } from '../ipc/wire.js';

export type IpcRendererPart = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function exposedApi(ipc: IpcRendererPart): PreloadApi {
  const methods = Object.fromEntries(
    (Object.keys(channels) as ChannelName[]).map((name) => [
      name,
      (args: unknown) => ipc.invoke(wire.channel(name), args),
    ]),
  );
  const on: Subscribe = (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
    // The renderer's listener never sees Electron's event object (it carries `sender`).
    const relay = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipc.on(wire.event(event), relay);
    return () => void ipc.removeListener(wire.event(event), relay);
  };
  return Object.freeze({ ...methods, on }) as PreloadApi;
}
