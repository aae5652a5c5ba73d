import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface View {
  /** Screen (CSS) pixels per content pixel. */
  scale: number;
  /** Where the content's top-left corner sits in the viewport, CSS pixels. */
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface ZoomPan {
  view: View;
  viewport: Size;
  /** True while the view follows the viewport's size (fit); any zoom or pan leaves it. */
  fitted: boolean;
  /** Attach to every viewport showing the content: side-by-side panes share one view. */
  attachPane: (el: HTMLElement | null) => (() => void) | undefined;
  fit: () => void;
  /** One content pixel per device pixel (true 100% on HiDPI screens too). */
  actual: () => void;
  zoomBy: (factor: number) => void;
  /** Keys for a focused viewport: + - 0 1 and arrows. */
  onKeyDown: (e: KeyboardEvent) => void;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 32;
const DRAG_THRESHOLD = 4;

function fitView(viewport: Size, content: Size): View {
  if (viewport.width === 0 || content.width === 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(viewport.width / content.width, viewport.height / content.height);
  return {
    scale,
    x: (viewport.width - content.width * scale) / 2,
    y: (viewport.height - content.height * scale) / 2,
  };
}

/**
 * Zoom and pan of one image (or several aligned ones) in a viewport: fit, 100%, wheel and
 * trackpad pinch (Chromium sends it as ctrl+wheel) and two-finger touch pinch around the
 * pointer, drag to pan. Drags start after a few pixels, so clicks on overlays (face boxes)
 * still reach them. Every pane registered with attachPane drives and shows the same view.
 */
export function useZoomPan(content: Size): ZoomPan {
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  // A zoomed or panned view belongs to the content it was made for: another image (next
  // photo, face compare) starts from fit again.
  const [zoomed, setZoomed] = useState<{ content: Size; view: View } | null>(null);
  const free =
    zoomed?.content.width === content.width && zoomed.content.height === content.height
      ? zoomed.view
      : null;
  const view = free ?? fitView(viewport, content);
  // Pane listeners are attached once; they read the latest view and sizes through refs.
  const latest = useRef(view);
  const viewportRef = useRef(viewport);
  const contentRef = useRef(content);
  useLayoutEffect(() => {
    latest.current = view;
    viewportRef.current = viewport;
    contentRef.current = content;
  });
  const setFree = useCallback(
    (next: View | null) => setZoomed(next && { content: contentRef.current, view: next }),
    [],
  );

  const zoomAt = useCallback(
    (factor: number, cx: number, cy: number) => {
      const v = latest.current;
      const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
      const k = scale / v.scale;
      setFree({ scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k });
    },
    [setFree],
  );

  const panBy = useCallback(
    (dx: number, dy: number) => {
      const v = latest.current;
      setFree({ ...v, x: v.x + dx, y: v.y + dy });
    },
    [setFree],
  );

  const attachPane = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return undefined;
      const observer = new ResizeObserver(([entry]) => {
        if (entry) {
          setViewport({ width: entry.contentRect.width, height: entry.contentRect.height });
        }
      });
      observer.observe(el);

      const local = (e: { clientX: number; clientY: number }) => {
        const r = el.getBoundingClientRect();
        return { x: e.clientX - r.left, y: e.clientY - r.top };
      };
      const onWheel = (e: WheelEvent) => {
        e.preventDefault();
        const p = local(e);
        // Pinch arrives as ctrl+wheel with small deltas; a mouse wheel notch is ~100.
        const speed = e.ctrlKey ? 0.01 : 0.0015;
        zoomAt(Math.exp(-e.deltaY * speed), p.x, p.y);
      };

      const pointers = new Map<number, { x: number; y: number }>();
      let dragging = false;
      let pinch = 0;
      const onDown = (e: PointerEvent) => {
        // Controls inside the pane (the split handle) keep their own drags.
        if (e.button !== 0 || (e.target as Element).closest('[data-no-pan]')) return;
        pointers.set(e.pointerId, local(e));
        dragging = false;
      };
      const onMove = (e: PointerEvent) => {
        const prev = pointers.get(e.pointerId);
        if (!prev) return;
        const p = local(e);
        if (pointers.size === 2) {
          pointers.set(e.pointerId, p);
          const [a, b] = [...pointers.values()];
          if (!a || !b) return;
          const dist = Math.hypot(a.x - b.x, a.y - b.y);
          if (pinch > 0) zoomAt(dist / pinch, (a.x + b.x) / 2, (a.y + b.y) / 2);
          pinch = dist;
          return;
        }
        if (!dragging && Math.hypot(p.x - prev.x, p.y - prev.y) < DRAG_THRESHOLD) return;
        if (!dragging) {
          dragging = true;
          el.setPointerCapture(e.pointerId);
          el.classList.add('is-panning');
        }
        pointers.set(e.pointerId, p);
        panBy(p.x - prev.x, p.y - prev.y);
      };
      const onUp = (e: PointerEvent) => {
        pointers.delete(e.pointerId);
        pinch = 0;
        if (pointers.size === 0) {
          dragging = false;
          el.classList.remove('is-panning');
        }
      };
      el.addEventListener('wheel', onWheel, { passive: false });
      el.addEventListener('pointerdown', onDown);
      el.addEventListener('pointermove', onMove);
      el.addEventListener('pointerup', onUp);
      el.addEventListener('pointercancel', onUp);
      return () => {
        observer.disconnect();
        el.removeEventListener('wheel', onWheel);
        el.removeEventListener('pointerdown', onDown);
        el.removeEventListener('pointermove', onMove);
        el.removeEventListener('pointerup', onUp);
        el.removeEventListener('pointercancel', onUp);
      };
    },
    [zoomAt, panBy],
  );

  const center = () => ({ x: viewportRef.current.width / 2, y: viewportRef.current.height / 2 });
  const zoomBy = (factor: number) => {
    const c = center();
    zoomAt(factor, c.x, c.y);
  };
  const actual = () => {
    const c = center();
    zoomAt(1 / window.devicePixelRatio / latest.current.scale, c.x, c.y);
  };
  const fit = () => setFree(null);

  function onKeyDown(e: KeyboardEvent) {
    const step = 0.1 * Math.min(viewport.width, viewport.height);
    const actions: Record<string, () => void> = {
      '+': () => zoomBy(1.25),
      '=': () => zoomBy(1.25),
      '-': () => zoomBy(0.8),
      '0': fit,
      '1': actual,
      ArrowLeft: () => panBy(step, 0),
      ArrowRight: () => panBy(-step, 0),
      ArrowUp: () => panBy(0, step),
      ArrowDown: () => panBy(0, -step),
    };
    const action = actions[e.key];
    if (action && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      action();
    }
  }

  return { view, viewport, fitted: free === null, attachPane, fit, actual, zoomBy, onKeyDown };
}
