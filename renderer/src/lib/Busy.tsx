import { useElapsed } from './useElapsed.js';

interface Props {
  /** What is being done, e.g. "Restoring face 2". */
  label: string;
  since: number;
  onCancel?: () => void;
}

/** Indeterminate progress with elapsed seconds and an optional Cancel. */
export function Busy({ label, since, onCancel }: Props) {
  const elapsed = useElapsed(since);
  return (
    <div className="busy" role="status" data-testid="busy">
      <div className="progress progress--indeterminate" aria-hidden="true">
        <div className="progress__bar" />
      </div>
      <span>
        {label}… {(elapsed / 1000).toFixed(1)} s
      </span>
      {onCancel && (
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
