import { useState } from 'react';
import type { PhotoSettings } from '../../../electron/ipc/contract.js';
import { IpcError } from '../../../electron/ipc/wire.js';
import { api } from '../api.js';
import { CopyPath } from '../lib/CopyPath.js';
import { errorMessage } from '../lib/errors.js';

type ExportState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; output: string; restoredFaces: number; ms: number }
  | { kind: 'failed'; code: string; message: string };

interface Props {
  path: string;
  settings: PhotoSettings;
  /** Called after a successful export (the grid's "restored" fact changed). */
  onExported: (path: string) => void;
}

/**
 * Export of the open photo with its current settings (photoExport: the CLI's rules, never
 * overwriting). The result stays under the toolbar until the next export or photo.
 */
export function ExportButton({ path, settings, onExported }: Props) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  async function run() {
    setState({ kind: 'running' });
    try {
      const done = await api.photoExport({ path, settings });
      setState({ kind: 'done', ...done });
      onExported(path);
    } catch (err) {
      setState({
        kind: 'failed',
        code: err instanceof IpcError ? err.code : 'error',
        message: errorMessage(err),
      });
    }
  }
  return (
    <>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void run()}
        disabled={state.kind === 'running'}
      >
        {state.kind === 'running' ? 'Exporting…' : 'Export'}
      </button>
      {(state.kind === 'done' || state.kind === 'failed') && (
        <div
          className={`export-result${state.kind === 'failed' ? ' export-result--error' : ''}`}
          role={state.kind === 'failed' ? 'alert' : 'status'}
          data-testid="export-result"
        >
          {state.kind === 'done' ? (
            <>
              <span>
                Exported ({state.restoredFaces} {state.restoredFaces === 1 ? 'face' : 'faces'},{' '}
                {(state.ms / 1000).toFixed(1)} s) to
              </span>
              <CopyPath path={state.output} />
            </>
          ) : (
            <span>
              {state.code === 'exists' ? 'Not exported: ' : 'Export failed: '}
              {state.message}
            </span>
          )}
          <button
            type="button"
            className="button button--small"
            aria-label="Dismiss export result"
            onClick={() => setState({ kind: 'idle' })}
          >
            ×
          </button>
        </div>
      )}
    </>
  );
}
