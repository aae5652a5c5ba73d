import type { ZoomPan } from './useZoomPan.js';

/** Fit, 100%, zoom out/in and the zoom level (of the original's pixels). */
export function ZoomControls({ zoom, label }: { zoom: ZoomPan; label: string }) {
  const level = Math.round(zoom.view.scale * window.devicePixelRatio * 100);
  return (
    <div className="zoom-controls" role="group" aria-label={label}>
      <button
        type="button"
        className="button button--small"
        aria-pressed={zoom.fitted}
        onClick={zoom.fit}
        title="Fit (0)"
      >
        Fit
      </button>
      <button type="button" className="button button--small" onClick={zoom.actual} title="1">
        100%
      </button>
      <button
        type="button"
        className="button button--small"
        aria-label="Zoom out"
        onClick={() => zoom.zoomBy(0.8)}
        title="Zoom out (-)"
      >
        −
      </button>
      <button
        type="button"
        className="button button--small"
        aria-label="Zoom in"
        onClick={() => zoom.zoomBy(1.25)}
        title="Zoom in (+)"
      >
        +
      </button>
      <output className="zoom-controls__level" data-testid="zoom-level">
        {level}%
      </output>
    </div>
  );
}
