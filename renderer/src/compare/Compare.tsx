import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import type { ImageSource } from '../lib/SourceImage.js';
import { percent } from '../lib/format.js';
import { Segmented, type SegmentedOption } from '../lib/Segmented.js';
import { PlacedImage } from './PlacedImage.js';
import { useHoldKey } from './useHoldKey.js';
import { useZoomPan, type Size, type ZoomPan } from './useZoomPan.js';
import { ZoomControls } from './ZoomControls.js';

export type CompareMode = 'split' | 'hold' | 'side';

interface Props {
  /** Names the region, e.g. "Whole photo before and after". */
  label: string;
  before: ImageSource;
  after: ImageSource;
  /** Logical size both images are drawn at (they must show the same framing). */
  size: Size;
  afterLabel: string;
  mode: CompareMode;
  onMode: (mode: CompareMode) => void;
  /** Dims the images while a newer result is computed. */
  busy?: boolean;
  /** A zoom/pan to share (the photo view's, so switching views keeps the same spot). */
  zoom?: ZoomPan;
}

const MODES: SegmentedOption<CompareMode>[] = [
  { value: 'split', label: 'Split' },
  { value: 'hold', label: 'Hold' },
  { value: 'side', label: 'Side by side' },
];

/**
 * Before/after of one image pair in three ways: a split slider (drag or arrow keys), press and
 * hold (button or the B / \ key) and side by side, all sharing one zoom/pan so the same spot
 * stays under the eye when switching.
 */
export function Compare(props: Props) {
  const { label, before, after, size, afterLabel, mode, onMode, busy } = props;
  const own = useZoomPan(size);
  const zoom = props.zoom ?? own;
  return (
    <section className={`compare${busy ? ' is-busy' : ''}`} aria-label={label}>
      <div className="compare__bar">
        <Segmented label="Compare mode" value={mode} options={MODES} onChange={onMode} />
        <ZoomControls zoom={zoom} label="Compare zoom" />
      </div>
      {mode === 'split' && <SplitPane {...{ zoom, before, after, size, afterLabel }} />}
      {mode === 'hold' && <HoldPane {...{ zoom, before, after, size, afterLabel }} />}
      {mode === 'side' && (
        <div className="compare__side" data-testid="compare-side">
          <Pane zoom={zoom} label="Before" tag="Before">
            <PlacedImage source={before} size={size} view={zoom.view} alt="Before" />
          </Pane>
          <Pane zoom={zoom} label={afterLabel} tag={afterLabel}>
            <PlacedImage source={after} size={size} view={zoom.view} alt={afterLabel} />
          </Pane>
        </div>
      )}
    </section>
  );
}

interface PaneProps {
  zoom: ZoomPan;
  before: ImageSource;
  after: ImageSource;
  size: Size;
  afterLabel: string;
}

function Pane({
  zoom: { attachPane, onKeyDown },
  label,
  tag,
  children,
}: {
  zoom: ZoomPan;
  label: string;
  tag?: string;
  children: ReactNode;
}) {
  return (
    <div
      className="pane"
      ref={attachPane}
      tabIndex={0}
      role="group"
      aria-label={`${label}: scroll or +/- to zoom, drag or arrows to pan`}
      onKeyDown={onKeyDown}
    >
      {children}
      {tag && <span className="pane__tag">{tag}</span>}
    </div>
  );
}

function SplitPane({ zoom, before, after, size, afterLabel }: PaneProps) {
  const [split, setSplit] = useState(0.5);
  const dragging = useRef(false);
  const x = split * zoom.viewport.width;

  const fromPointer = (e: PointerEvent) => {
    const pane = e.currentTarget.parentElement;
    if (!pane) return;
    const r = pane.getBoundingClientRect();
    setSplit(Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    const next: Record<string, number> = {
      ArrowLeft: split - step,
      ArrowDown: split - step,
      ArrowRight: split + step,
      ArrowUp: split + step,
      Home: 0,
      End: 1,
    };
    const value = next[e.key];
    if (value === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    setSplit(Math.min(1, Math.max(0, value)));
  };

  return (
    <div className="compare__single" data-testid="compare-split">
      <Pane zoom={zoom} label="Before and after">
        <PlacedImage source={before} size={size} view={zoom.view} alt="Before" />
        <div className="pane__clip" style={{ clipPath: `inset(0 0 0 ${x}px)` }}>
          <PlacedImage source={after} size={size} view={zoom.view} alt={afterLabel} />
        </div>
        <span className="pane__tag">Before</span>
        <span className="pane__tag pane__tag--right">{afterLabel}</span>
        <div
          className="split-handle"
          data-no-pan
          style={{ transform: `translateX(${x}px)` }}
          role="slider"
          tabIndex={0}
          aria-label="Before/after split"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(split * 100)}
          aria-valuetext={`${percent(split)} before`}
          onKeyDown={onKeyDown}
          onPointerDown={(e) => {
            dragging.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
            fromPointer(e);
          }}
          onPointerMove={(e) => dragging.current && fromPointer(e)}
          onPointerUp={() => (dragging.current = false)}
          onPointerCancel={() => (dragging.current = false)}
        >
          <span className="split-handle__grip" aria-hidden="true" />
        </div>
      </Pane>
    </div>
  );
}

function HoldPane({ zoom, before, after, size, afterLabel }: PaneProps) {
  const keyHeld = useHoldKey();
  const [pointerHeld, setPointerHeld] = useState(false);
  const showBefore = keyHeld || pointerHeld;
  return (
    <div className="compare__single" data-testid="compare-hold">
      <Pane zoom={zoom} label="Before or after" tag={showBefore ? 'Before' : afterLabel}>
        <PlacedImage source={after} size={size} view={zoom.view} alt={afterLabel} />
        <PlacedImage
          source={before}
          size={size}
          view={zoom.view}
          alt="Before"
          className={showBefore ? '' : 'is-hidden'}
        />
      </Pane>
      <button
        type="button"
        className="button hold-button"
        aria-pressed={showBefore}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setPointerHeld(true);
        }}
        onPointerUp={() => setPointerHeld(false)}
        onPointerCancel={() => setPointerHeld(false)}
        onKeyDown={(e) => e.key === ' ' && setPointerHeld(true)}
        onKeyUp={(e) => e.key === ' ' && setPointerHeld(false)}
        onBlur={() => setPointerHeld(false)}
      >
        Hold to see before <kbd>B</kbd>
      </button>
      <span className="visually-hidden" aria-live="polite">
        {showBefore ? 'Showing before' : `Showing ${afterLabel}`}
      </span>
    </div>
  );
}
