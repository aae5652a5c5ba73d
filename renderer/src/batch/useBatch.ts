import { useCallback, useEffect, useRef, useState } from 'react';
import type { PayloadOf, PhotoSettings } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage } from '../lib/errors.js';

type Progress = PayloadOf<'batchProgress'>;
export type BatchItem = Progress['changed'][number];

export interface BatchRun {
  batchId: string | null;
  state: Progress['state'] | 'starting';
  total: number;
  finished: number;
  failed: number;
  skipped: number;
  etaMs: number | null;
  outDir: string | null;
  /** Every photo's latest status, in queue order. */
  items: ReadonlyMap<string, BatchItem>;
}

export interface BatchState {
  run: BatchRun | null;
  error: string | null;
  start: (paths: string[], settings: PhotoSettings) => void;
  pause: () => void;
  resume: () => void;
  cancel: () => void;
  /** Starts the last batch again: photos already done are skipped, so this resumes it. */
  restart: () => void;
  /** Forgets a finished batch (the panel goes back to "queue"). */
  dismiss: () => void;
}

/**
 * The batch queue: started with batchStart, followed through batchProgress events (each
 * carries only the photos that changed, merged here). Events may arrive before batchStart
 * answers with the id: while starting, the first batch id seen is taken as ours.
 */
export function useBatch(): BatchState {
  const [run, setRun] = useState<BatchRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<BatchRun | null>(null);
  const last = useRef<{ paths: string[]; settings: PhotoSettings } | null>(null);

  const apply = useCallback((next: BatchRun | null) => {
    current.current = next;
    setRun(next);
  }, []);

  useEffect(
    () =>
      api.on('batchProgress', (p) => {
        const prev = current.current;
        if (!prev) return;
        if (prev.batchId !== null && prev.batchId !== p.batchId) return;
        const items = new Map(prev.items);
        for (const item of p.changed) items.set(item.path, item);
        apply({
          batchId: p.batchId,
          state: p.state,
          total: p.total,
          finished: p.finished,
          failed: p.failed,
          skipped: p.skipped,
          etaMs: p.etaMs,
          outDir: p.outDir,
          items,
        });
      }),
    [apply],
  );

  const start = useCallback(
    (paths: string[], settings: PhotoSettings) => {
      setError(null);
      last.current = { paths, settings };
      const items = new Map<string, BatchItem>(
        paths.map((path) => [path, { path, status: 'queued' }]),
      );
      apply({
        batchId: null,
        state: 'starting',
        total: paths.length,
        finished: 0,
        failed: 0,
        skipped: 0,
        etaMs: null,
        outDir: null,
        items,
      });
      api.batchStart({ paths, settings }).then(
        ({ batchId }) => {
          const prev = current.current;
          if (prev && prev.batchId === null) apply({ ...prev, batchId });
        },
        (err: unknown) => {
          apply(null);
          setError(errorMessage(err));
        },
      );
    },
    [apply],
  );

  const control = useCallback((action: 'batchPause' | 'batchResume' | 'batchCancel') => {
    const batchId = current.current?.batchId;
    if (!batchId) return;
    api[action]({ batchId }).catch((err: unknown) => setError(errorMessage(err)));
  }, []);

  return {
    run,
    error,
    start,
    pause: () => control('batchPause'),
    resume: () => control('batchResume'),
    cancel: () => control('batchCancel'),
    restart: () => last.current && start(last.current.paths, last.current.settings),
    dismiss: () => apply(null),
  };
}
