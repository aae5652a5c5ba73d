import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';

export type AppInfo = ResultOf<'appInfo'>;

/** Asks main once who it is (Electron or bridge, media base URL, native dialogs). */
export function useAppInfo(): { info: AppInfo | null; error: string | null } {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.appInfo({}).then(
      (value) => live && setInfo(value),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, []);
  return { info, error };
}
