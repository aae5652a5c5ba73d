/**
 * The Node side of the contract: validates a call's arguments, runs its handler, validates the
 * result, and wraps everything in an envelope. Electron main (ipcMain.handle) and the bridge
 * (POST /ipc/<name>) both call `dispatch`, so validation and error mapping exist once.
 */
import { z } from 'zod';
import {
  channels,
  events,
  isChannelName,
  type ChannelName,
  type EventName,
  type Channels,
  type PayloadOf,
} from '../contract.js';
import type { Envelope } from '../wire.js';

/** What a handler gets besides its arguments: a way to push events to the calling window. */
export interface HandlerContext {
  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void;
}

export type Handler<K extends ChannelName> = (
  args: z.output<Channels[K]['args']>,
  ctx: HandlerContext,
) => Promise<z.input<Channels[K]['result']>>;

/** One handler per channel: a missing one is a type error in main and in the bridge. */
export type Handlers = { [K in ChannelName]: Handler<K> };

export async function dispatch(
  handlers: Handlers,
  name: string,
  rawArgs: unknown,
  ctx: HandlerContext,
): Promise<Envelope<unknown>> {
  if (!isChannelName(name)) {
    return fail('unknown-channel', `There is no IPC channel "${name}".`);
  }
  const spec = channels[name];
  const args = spec.args.safeParse(rawArgs ?? {});
  if (!args.success) {
    return fail('invalid-args', `Invalid arguments for ${name}: ${z.prettifyError(args.error)}`);
  }
  let value: unknown;
  try {
    // The cast is safe: `args.data` was produced by this channel's own schema.
    value = await (handlers[name] as Handler<ChannelName>)(args.data as never, ctx);
  } catch (err) {
    return fail(errorCode(err), err instanceof Error ? err.message : String(err));
  }
  const result = spec.result.safeParse(value);
  if (!result.success) {
    // A handler broke the contract: a bug on our side, reported instead of passed on.
    console.error(`ipc: ${name} returned an invalid result`, result.error);
    return fail('invalid-result', `${name} produced an invalid answer (a bug, please report it).`);
  }
  return { ok: true, value: result.data };
}

/** Validates an event payload before it leaves; an invalid one is a bug and throws. */
export function checkedEvent<E extends EventName>(event: E, payload: PayloadOf<E>): PayloadOf<E> {
  return events[event].payload.parse(payload) as PayloadOf<E>;
}

function fail(code: string, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/** Errors from core carry a string `code` (e.g. AlbumError); anything else is 'internal'. */
function errorCode(err: unknown): string {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') return err.code;
  return 'internal';
}
