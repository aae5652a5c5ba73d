/**
 * How calls travel, shared by every side without pulling in the schemas: wire names, the
 * envelope every answer is wrapped in, and the error a client throws. The renderer may import
 * this file at run time (it has no dependencies); from the rest of electron/ipc only types.
 */

/** `code` is machine-readable ('invalid-args', 'not-found', ...); `message` says what to do. */
export interface IpcErrorInfo {
  code: string;
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorInfo };

/** The error a client throws when main answered with `{ ok: false }`. */
export class IpcError extends Error {
  readonly code: string;
  constructor(info: IpcErrorInfo) {
    super(info.message);
    this.name = 'IpcError';
    this.code = info.code;
  }
}

/** Unwraps an answer: the value, or an IpcError carrying main's code and message. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new IpcError(envelope.error);
}

/** Electron IPC channel strings and bridge routes are derived from the contract's keys. */
export const wire = {
  channel: (name: string): string => `face-deblur:${name}`,
  event: (name: string): string => `face-deblur-event:${name}`,
  route: (name: string): string => `/ipc/${name}`,
  /** Server-sent events stream of the bridge (one stream carries every event). */
  eventsRoute: '/events',
  /** Header carrying the bridge token for non-browser clients (browsers use the cookie). */
  tokenHeader: 'x-face-deblur-token',
} as const;
