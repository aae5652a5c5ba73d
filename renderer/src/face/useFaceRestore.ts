import { useCallback, useEffect, useRef, useState } from 'react';
import type { FaceSettings, ResultOf } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage, isCancelled, newRequestId } from '../lib/errors.js';
import { useDebounced } from '../lib/useDebounced.js';

export type FaceResult = ResultOf<'faceRestore'>;

export interface FaceRestoreState {
  /** The latest answer for this face; kept on screen (dimmed) while a newer request runs. */
  result: FaceResult | null;
  /** performance.now() when the running request started; null when none runs. */
  runningSince: number | null;
  error: string | null;
  /** True when the user cancelled the last request. */
  cancelled: boolean;
  cancel: () => void;
  /** Runs the same settings again (after a cancel or an error). */
  retry: () => void;
}

/** Slider drags settle for this long before a re-run. */
const DEBOUNCE_MS = 250;

interface Progress {
  faceId: number;
  result: FaceResult | null;
  runningSince: number | null;
  error: string | null;
  cancelled: boolean;
}

/**
 * Runs faceRestore for the chosen face (null: none) whenever its settings settle. Each request
 * has its own id: a newer one cancels the older (faceRestoreCancel) and an answer that arrives
 * after it was superseded is ignored, so the panel never shows a result for settings it no
 * longer has, nor another face's. One instance per photo: the face panel and the face compare
 * share it, as main cancels an older request for the same face.
 */
export function useFaceRestore(path: string, settings: FaceSettings | null): FaceRestoreState {
  // Compared by value: callers rebuild the settings object on every render.
  const settledJson = useDebounced(settings && JSON.stringify(settings), DEBOUNCE_MS);
  const [progress, setProgress] = useState<Progress | null>(null);
  const running = useRef<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (settledJson === null) return;
    const settled = JSON.parse(settledJson) as FaceSettings;
    const { faceId } = settled;
    const requestId = newRequestId();
    running.current = requestId;
    let live = true;
    const update = (change: Partial<Progress>) =>
      setProgress((prev) => {
        const base = prev?.faceId === faceId ? prev : null;
        return {
          faceId,
          result: base?.result ?? null,
          runningSince: base?.runningSince ?? null,
          error: null,
          cancelled: false,
          ...change,
        };
      });
    // Deferred: the effect subscribes; state changes come from its callbacks.
    queueMicrotask(() => live && update({ runningSince: performance.now() }));
    // Not `running` any more: cancelled by the user, whose panel already says so.
    const wanted = () => live && running.current === requestId;
    api.faceRestore({ path, requestId, settings: settled }).then(
      (result) => {
        if (!wanted()) return;
        running.current = null;
        update({ result, runningSince: null });
      },
      (err: unknown) => {
        if (!wanted()) return;
        running.current = null;
        if (isCancelled(err)) update({ runningSince: null, cancelled: true });
        else update({ runningSince: null, error: errorMessage(err) });
      },
    );
    return () => {
      live = false;
      // Superseded (new settings, another face) before it answered: free main's worker.
      if (running.current === requestId) {
        running.current = null;
        api.faceRestoreCancel({ requestId }).catch(() => undefined);
      }
    };
  }, [path, settledJson, attempt]);

  // Cancelled at once in the panel, whatever main is doing: a job that has started cannot be
  // interrupted (its answer is dropped), and the cancel may even reach main before the request.
  const cancel = useCallback(() => {
    const requestId = running.current;
    if (!requestId) return;
    running.current = null;
    setProgress((prev) => prev && { ...prev, runningSince: null, error: null, cancelled: true });
    api
      .faceRestoreCancel({ requestId })
      .catch((err: unknown) =>
        setProgress((prev) => prev && { ...prev, error: errorMessage(err) }),
      );
  }, []);

  const mine = settings !== null && progress?.faceId === settings.faceId ? progress : null;
  return {
    result: mine?.result ?? null,
    runningSince: mine?.runningSince ?? null,
    error: mine?.error ?? null,
    cancelled: mine?.cancelled ?? false,
    cancel,
    retry: useCallback(() => setAttempt((n) => n + 1), []),
  };
}
