import { useCallback, useEffect, useState } from 'react';
import type { AppSettings, ResultOf } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage } from '../lib/errors.js';

export type SettingsInfo = ResultOf<'settingsGet'>;

export interface SettingsState {
  info: SettingsInfo | null;
  /** Loading or saving failed: what main said. */
  error: string | null;
  saving: boolean;
  save: (change: Partial<AppSettings>) => void;
}

/** The app settings and the active provider, read once and written back on each change. */
export function useSettings(): SettingsState {
  const [info, setInfo] = useState<SettingsInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    api.settingsGet({}).then(
      (value) => live && setInfo(value),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  const save = useCallback((change: Partial<AppSettings>) => {
    setSaving(true);
    api.settingsSet(change).then(
      (value) => {
        setInfo(value);
        setError(null);
        setSaving(false);
      },
      (err: unknown) => {
        setError(errorMessage(err));
        setSaving(false);
      },
    );
  }, []);

  return { info, error, saving, save };
}
