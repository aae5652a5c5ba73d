import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage } from '../lib/errors.js';

export type PhotoInfo = ResultOf<'photoOpen'>;

export type PhotoState =
  { kind: 'loading' } | { kind: 'ready'; info: PhotoInfo } | { kind: 'failed'; message: string };

/** Opens a photo (decode + face detection in main); `attempt` re-runs it (Retry). */
export function usePhoto(path: string, attempt: number): PhotoState {
  const key = `${attempt}\0${path}`;
  const [state, setState] = useState<{ key: string; state: PhotoState } | null>(null);
  useEffect(() => {
    let live = true;
    api.photoOpen({ path }).then(
      (info) => live && setState({ key, state: { kind: 'ready', info } }),
      (err: unknown) =>
        live && setState({ key, state: { kind: 'failed', message: errorMessage(err) } }),
    );
    return () => {
      live = false;
    };
  }, [key, path]);
  // The answer for the previous photo (or attempt) reads as loading until this one answers.
  return state?.key === key ? state.state : { kind: 'loading' };
}
