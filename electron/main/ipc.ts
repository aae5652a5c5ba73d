/**
 * Wires the contract into ipcMain: one `handle` per channel, each checking the sender's frame
 * before dispatching (validation of arguments and results happens in dispatch).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels, type ChannelName } from '../ipc/contract.js';
import { dispatch, type HandlerContext, type Handlers } from '../ipc/server/dispatch.js';
import type { Envelope } from '../ipc/wire.js';
import { wire } from '../ipc/wire.js';
import { trustedSender } from './security.js';

type InvokeListener = (event: IpcMainInvokeEvent, args: unknown) => Promise<Envelope<unknown>>;

/** The listener for one channel; exported for tests, which pass forged sender frames. */
export function channelListener(
  name: ChannelName,
  handlers: Handlers,
  ctx: HandlerContext,
): InvokeListener {
  return async (event, args) => {
    if (!trustedSender(event.senderFrame)) {
      console.warn(`ipc: refused ${name} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return {
        ok: false,
        error: { code: 'untrusted-sender', message: 'IPC is only answered for the app window.' },
      };
    }
    return dispatch(handlers, name, args, ctx);
  };
}

export function registerIpc(ipcMain: IpcMain, handlers: Handlers, ctx: HandlerContext): void {
  for (const name of Object.keys(channels) as ChannelName[]) {
    ipcMain.handle(wire.channel(name), channelListener(name, handlers, ctx));
  }
}
