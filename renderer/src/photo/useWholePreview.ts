import { useEffect, useState } from 'react';
import type { PhotoSettings, ResultOf } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage, newRequestId } from '../lib/errors.js';
import { useDebounced } from '../lib/useDebounced.js';

export type WholePreview = ResultOf<'photoRestorePreview'>;

export interface WholePreviewState {
  /** The latest answer for this photo (possibly for older settings while `running`). */
  preview: WholePreview | null;
  running: boolean;
  error: string | null;
}

const DEBOUNCE_MS = 400;

interface Answer {
  key: string;
  preview: WholePreview | null;
  error: string | null;
}

/**
 * The whole photo restored with the current settings, before and after, for the compare
 * views. Runs only while `enabled`; an answer for settings that changed meanwhile is dropped.
 * `maxEdge`: the renditions' long edge (the contract's default, 2048 px, when undefined).
 */
export function useWholePreview(
  path: string,
  settings: PhotoSettings,
  enabled: boolean,
  maxEdge?: number,
): WholePreviewState {
  // Compared by value and debounced: a slider dragged beside the compare view restores the
  // whole photo once, when it stops.
  const json = useDebounced(JSON.stringify(settings), DEBOUNCE_MS);
  const key = `${path}\0${json}\0${maxEdge}`;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [lastGood, setLastGood] = useState<{ path: string; preview: WholePreview } | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const request = `${path}\0${json}\0${maxEdge}`;
    api
      .photoRestorePreview({
        path,
        requestId: newRequestId(),
        settings: JSON.parse(json) as PhotoSettings,
        ...(maxEdge === undefined ? {} : { maxEdge }),
      })
      .then(
        (preview) => {
          if (!live) return;
          setAnswer({ key: request, preview, error: null });
          setLastGood({ path, preview });
        },
        (err: unknown) =>
          live && setAnswer({ key: request, preview: null, error: errorMessage(err) }),
      );
    return () => {
      live = false;
    };
  }, [path, json, enabled, maxEdge]);

  const current = answer?.key === key ? answer : null;
  return {
    preview: current?.preview ?? (lastGood?.path === path ? lastGood.preview : null),
    running: enabled && current === null,
    error: current?.error ?? null,
  };
}
