import { useCallback, useRef, useState } from 'react';
import type { PhotoFacts } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage } from '../lib/errors.js';

/**
 * Photos per photoFacts call. Main analyses an uncached photo in about half a second, so a
 * small chunk shows the first badges within seconds instead of after the whole screenful.
 */
const CHUNK = 6;

export interface FactsState {
  facts: ReadonlyMap<string, PhotoFacts>;
  /** Photos waiting or being analysed. */
  pending: number;
  error: string | null;
  /** Asks for facts; `urgent` (the rows in view) go before everything already queued. */
  want: (paths: readonly string[], urgent: boolean) => void;
  /** Asks again for photos whose facts changed (exported, restored by a batch). */
  refresh: (paths: readonly string[]) => void;
  reset: () => void;
}

/**
 * Face count, blur score and restored flag of album photos, fetched on demand through the
 * photoFacts channel one small call at a time (main analyses photos it has not cached, which
 * takes a while; one call at a time keeps it responsive to photoOpen and faceRestore).
 */
export function usePhotoFacts(): FactsState {
  const [facts, setFacts] = useState<ReadonlyMap<string, PhotoFacts>>(new Map());
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<string[]>([]);
  const known = useRef(new Set<string>());
  const running = useRef(false);
  const generation = useRef(0);

  /** Forgets everything (another album): answers still in flight are dropped. */
  const reset = useCallback(() => {
    generation.current++;
    queue.current = [];
    known.current = new Set();
    running.current = false;
    setFacts(new Map());
    setPending(0);
    setError(null);
  }, []);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    const gen = generation.current;
    while (queue.current.length > 0 && gen === generation.current) {
      const paths = queue.current.splice(0, CHUNK);
      try {
        const answer = await api.photoFacts({ paths });
        if (gen !== generation.current) return;
        setFacts((prev) => {
          const next = new Map(prev);
          for (const f of answer.facts) next.set(f.path, f);
          return next;
        });
      } catch (err) {
        if (gen !== generation.current) return;
        // Left as "asked" so the grid does not retry in a loop; reopening the album retries.
        setError(errorMessage(err));
      }
      setPending(queue.current.length);
    }
    if (gen === generation.current) running.current = false;
  }, []);

  const want = useCallback(
    (paths: readonly string[], urgent: boolean) => {
      const fresh = paths.filter((p) => !known.current.has(p));
      for (const p of fresh) known.current.add(p);
      if (urgent) {
        // Rows in view jump the queue, including those queued earlier by a background pass.
        const queued = new Set(queue.current);
        const first = paths.filter((p) => queued.has(p) || fresh.includes(p));
        const front = new Set(first);
        queue.current = [...first, ...queue.current.filter((p) => !front.has(p))];
      } else {
        if (fresh.length === 0) return;
        queue.current = [...queue.current, ...fresh];
      }
      setPending(queue.current.length);
      void pump();
    },
    [pump],
  );

  const refresh = useCallback(
    (paths: readonly string[]) => {
      // The old facts stay on screen until the new ones arrive.
      for (const p of paths) known.current.delete(p);
      want(paths, true);
    },
    [want],
  );

  return { facts, pending, error, want, refresh, reset };
}
