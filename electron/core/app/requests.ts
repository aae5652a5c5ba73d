/**
 * Interactive restorations (face panel, compare preview) arrive in bursts while the user drags
 * sliders. This runs them one at a time (each already uses every core) and lets a newer request
 * for the same thing (`key`: photo + face, or photo) supersede the older one: the older is
 * answered with code 'cancelled' at once, and never starts if it was still waiting. A request
 * already computing cannot be interrupted (onnxruntime and the native addon run to completion);
 * its result is dropped.
 */
import PQueue from 'p-queue';
import { cancelled } from './errors.js';

interface Pending {
  key: string;
  controller: AbortController;
}

export class LatestRequests {
  readonly #queue = new PQueue({ concurrency: 1 });
  readonly #byId = new Map<string, Pending>();
  /** key -> the request id currently wanted for it. */
  readonly #latest = new Map<string, string>();

  /** Runs `work` for `requestId`, superseding any earlier request for `key`. */
  run<T>(key: string, requestId: string, what: string, work: () => Promise<T>): Promise<T> {
    // Registered synchronously, so requests supersede in the order they arrived.
    const older = this.#latest.get(key);
    if (older) this.cancel(older);
    this.cancel(requestId); // a reused id replaces its earlier request
    const controller = new AbortController();
    this.#byId.set(requestId, { key, controller });
    this.#latest.set(key, requestId);

    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(cancelled(what)), { once: true });
    });
    const job = this.#queue.add(async () => {
      if (controller.signal.aborted) throw cancelled(what);
      return work();
    });
    job.catch(() => undefined); // a superseded job's late error goes nowhere
    return Promise.race([job, aborted]).finally(() => {
      if (this.#byId.get(requestId)?.controller === controller) this.#forget(requestId);
    });
  }

  /** Cancels a request; false when it is not pending (finished, or never seen). */
  cancel(requestId: string): boolean {
    const pending = this.#byId.get(requestId);
    if (!pending) return false;
    this.#forget(requestId);
    pending.controller.abort();
    return true;
  }

  #forget(requestId: string): void {
    const pending = this.#byId.get(requestId);
    this.#byId.delete(requestId);
    if (pending && this.#latest.get(pending.key) === requestId) this.#latest.delete(pending.key);
  }
}
