import { IpcError } from '../../../electron/ipc/wire.js';

/** The message to show for anything a call may throw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** True for the answer of a request that a newer one (or the user) cancelled. */
export function isCancelled(err: unknown): boolean {
  return err instanceof IpcError && err.code === 'cancelled';
}

/** Request ids for cancellable channels (faceRestore, photoRestorePreview). */
export function newRequestId(): string {
  return crypto.randomUUID();
}
