import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { api } from '../api.js';
import { KernelAndStrength } from '../face/KernelAndStrength.js';
import type { RestoreDefaults } from '../face/restoreSettings.js';
import { UntrainedNote } from '../face/UntrainedNote.js';
import { CopyPath } from '../lib/CopyPath.js';
import { errorMessage } from '../lib/errors.js';
import { fileName, formatDuration } from '../lib/format.js';
import { useRootFontSize } from '../lib/useRootFontSize.js';
import type { BatchItem, BatchRun, BatchState } from './useBatch.js';

interface Props {
  batch: BatchState;
  /** What "Restore selected" and "Restore album" would queue. */
  selected: string[];
  album: string[];
  defaults: RestoreDefaults;
  onDefaults: (defaults: RestoreDefaults) => void;
  /** Where outputs go, in words (from the settings). */
  outputNote: string;
  /** False: the installed models are untrained stand-ins (said before anything is queued). */
  trainedModels: boolean | null;
  onClose: () => void;
}

const STATUS_WORDS: Record<BatchItem['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The batch queue: what to queue and with which settings, then progress, failures, outputs. */
export function BatchPanel(props: Props) {
  const { batch, selected, album, defaults, onDefaults, outputNote, onClose } = props;
  const { run } = batch;
  return (
    <aside className="batch-panel" aria-label="Batch" data-testid="batch-panel">
      <header className="panel-head">
        <h2>Batch</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </header>
      {batch.error && (
        <p className="notice notice--error" role="alert">
          {batch.error}
        </p>
      )}
      {props.trainedModels === false && <UntrainedNote />}
      {run === null ? (
        <>
          <p className="hint">
            Restores every face of each photo with these settings (per-face adjustments of the photo
            view are not used) and writes copies; originals are never changed. {outputNote}
          </p>
          <KernelAndStrength
            kernelSize={defaults.kernelSize}
            strength={defaults.strength}
            suggestedKernel={null}
            onChange={onDefaults}
          />
          <div className="panel-actions panel-actions--column">
            <button
              type="button"
              className="button button--primary"
              disabled={selected.length === 0}
              onClick={() => batch.start(selected, { ...defaults, faces: [], wholePhoto: false })}
            >
              Restore {selected.length} selected {selected.length === 1 ? 'photo' : 'photos'}
            </button>
            <button
              type="button"
              className="button"
              disabled={album.length === 0}
              onClick={() => batch.start(album, { ...defaults, faces: [], wholePhoto: false })}
            >
              Restore the whole album ({album.length})
            </button>
            {selected.length === 0 && (
              <p className="hint">
                Select photos in the album with Space, Ctrl+click or their check mark.
              </p>
            )}
          </div>
        </>
      ) : (
        <RunView run={run} batch={batch} />
      )}
    </aside>
  );
}

function RunView({ run, batch }: { run: BatchRun; batch: BatchState }) {
  const done = run.finished;
  const fraction = run.total > 0 ? done / run.total : 0;
  const ended = run.state === 'done' || run.state === 'cancelled';
  const failures = [...run.items.values()].filter((i) => i.status === 'failed');
  return (
    <>
      <div
        className="progress"
        role="progressbar"
        aria-label="Batch progress"
        aria-valuemin={0}
        aria-valuemax={run.total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${run.total} photos`}
      >
        <div className="progress__bar" style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="batch-summary" role="status" data-testid="batch-summary">
        <strong>{stateWord(run)}</strong> · {done} of {run.total} photos
        {run.failed > 0 && ` · ${run.failed} failed`}
        {run.skipped > 0 && ` · ${run.skipped} skipped`}
        {run.state === 'running' &&
          run.etaMs !== null &&
          ` · about ${formatDuration(run.etaMs)} left`}
      </p>
      <div className="panel-actions">
        {run.state === 'running' && (
          <button type="button" className="button" onClick={batch.pause}>
            Pause
          </button>
        )}
        {run.state === 'paused' && (
          <button type="button" className="button button--primary" onClick={batch.resume}>
            Resume
          </button>
        )}
        {!ended && (
          <button
            type="button"
            className="button"
            onClick={batch.cancel}
            disabled={run.state === 'starting'}
          >
            Cancel batch
          </button>
        )}
        {run.state === 'cancelled' && (
          <button type="button" className="button button--primary" onClick={batch.restart}>
            Resume (skips finished photos)
          </button>
        )}
        {ended && (
          <button type="button" className="button" onClick={batch.dismiss}>
            New batch
          </button>
        )}
      </div>
      {run.outDir && <OutputFolder folder={run.outDir} />}
      {failures.length > 0 && (
        <section aria-labelledby="batch-failures" className="batch-failures">
          <h3 id="batch-failures" className="panel-subhead">
            Failed ({failures.length})
          </h3>
          <ul data-testid="batch-failures">
            {failures.map((f) => (
              <li key={f.path}>
                <span className="mono" title={f.path}>
                  {fileName(f.path)}
                </span>
                : {f.reason ?? 'no reason given'}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h3 className="panel-subhead">Photos</h3>
      <ItemList items={[...run.items.values()]} />
    </>
  );
}

function stateWord(run: BatchRun): string {
  return {
    starting: 'Starting',
    running: 'Running',
    paused: 'Paused',
    cancelled: 'Cancelled',
    done: 'Done',
  }[run.state];
}

/** Per-photo status, virtualised: a batch may hold the whole album. */
function ItemList({ items }: { items: BatchItem[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const rem = useRootFontSize();
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => Math.round(1.9 * rem),
    overscan: 8,
  });
  return (
    <div ref={scroller} className="batch-items" role="list" aria-label="Photos in the batch">
      <div className="batch-items__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <div
              key={item.path}
              role="listitem"
              className={`batch-item batch-item--${item.status}`}
              data-testid="batch-item"
              data-status={item.status}
              style={{ transform: `translateY(${row.start}px)`, height: row.size }}
              title={item.reason ?? item.output ?? item.path}
            >
              <span className="batch-item__name">
                {fileName(item.path)}
                {item.reason && item.status !== 'failed' && (
                  <span className="batch-item__reason"> — {item.reason}</span>
                )}
              </span>
              <span className="batch-item__status">{STATUS_WORDS[item.status]}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** "Open output folder": the file manager in Electron; in bridge mode the path to copy. */
function OutputFolder({ folder }: { folder: string }) {
  const [answer, setAnswer] = useState<{ revealed: boolean; path: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="output-folder">
      <button
        type="button"
        className="button"
        onClick={() =>
          api
            .folderReveal({ path: folder })
            .then(setAnswer, (err: unknown) => setError(errorMessage(err)))
        }
      >
        Open output folder
      </button>
      {answer && !answer.revealed && (
        <p className="hint">
          This window cannot open a file manager; the outputs are in:
          <CopyPath path={answer.path} />
        </p>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
