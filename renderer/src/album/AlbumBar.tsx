import type { AlbumOrder, FacesFilter, RestoredFilter, SortKey } from './albumOrder.js';

interface Props {
  recursive: boolean;
  onRecursive: (recursive: boolean) => void;
  order: AlbumOrder;
  onOrder: (order: AlbumOrder) => void;
  shown: number;
  total: number;
  selected: number;
  /** Photos waiting for their facts; factsError when the channel failed. */
  analysing: number;
  factsError: string | null;
  onClearSelection: () => void;
  onBatchSelected: () => void;
  onBatchAll: () => void;
}

/** Above the grid: sort, filters, what is shown and selected, and the batch actions. */
export function AlbumBar(props: Props) {
  const { order, onOrder, shown, total, selected, analysing, factsError } = props;
  return (
    <div className="album-bar" role="toolbar" aria-label="Album">
      <div className="album-bar__group">
        <label className="check" title="Open the folder again with or without its sub-folders">
          <input
            type="checkbox"
            checked={props.recursive}
            onChange={(e) => props.onRecursive(e.target.checked)}
          />
          Sub-folders
        </label>
        <label className="inline-field">
          <span>Sort</span>
          <select
            value={order.sort}
            onChange={(e) => onOrder({ ...order, sort: e.target.value as SortKey })}
          >
            <option value="name">Name</option>
            <option value="date">Date (newest first)</option>
            <option value="blur">Blur (blurriest first)</option>
          </select>
        </label>
        <label className="inline-field">
          <span>Faces</span>
          <select
            value={order.faces}
            onChange={(e) => onOrder({ ...order, faces: e.target.value as FacesFilter })}
          >
            <option value="all">Any</option>
            <option value="faces">Has faces</option>
            <option value="blurry">Has a blurry face</option>
          </select>
        </label>
        <label className="inline-field">
          <span>Restored</span>
          <select
            value={order.restored}
            onChange={(e) => onOrder({ ...order, restored: e.target.value as RestoredFilter })}
          >
            <option value="all">Either</option>
            <option value="restored">Restored</option>
            <option value="unrestored">Not restored</option>
          </select>
        </label>
      </div>
      <span className="album-bar__status" role="status" data-testid="album-status">
        {shown === total ? `${total} photos` : `${shown} of ${total} photos`}
        {analysing > 0 && ` · analysing ${analysing}…`}
        {factsError && <span className="text-danger"> · face analysis failed: {factsError}</span>}
      </span>
      <div className="album-bar__group">
        {selected > 0 && (
          <span className="chip album-bar__selected">
            <span data-testid="selected-count">{selected} selected</span>
            <button
              type="button"
              className="chip__clear"
              aria-label="Clear selection"
              title="Clear selection (Esc)"
              onClick={props.onClearSelection}
            >
              ×
            </button>
          </span>
        )}
        <button
          type="button"
          className="button"
          onClick={props.onBatchSelected}
          disabled={selected === 0}
        >
          Restore selected…
        </button>
        <button type="button" className="button" onClick={props.onBatchAll} disabled={total === 0}>
          Restore album…
        </button>
      </div>
    </div>
  );
}
