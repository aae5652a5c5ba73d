import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { Photo, PhotoFacts } from '../../../electron/ipc/contract.js';
import { useRootFontSize } from '../lib/useRootFontSize.js';
import { Tile } from './Tile.js';
import { useElementWidth } from './useElementWidth.js';

/** Smallest tile, caption and gap in rem: the grid scales with the theme's root font size. */
const TILE_REM = 12;
const CAPTION_REM = 2;
const GAP_REM = 0.75;

export interface GridSelection {
  cursor: string | null;
  selected: ReadonlySet<string>;
  setCursor: (path: string) => void;
  toggle: (path: string) => void;
  /** Adds the photos between the cursor and `path` (shift-click). */
  extendTo: (path: string) => void;
  selectAll: () => void;
  clear: () => void;
}

interface Props {
  photos: readonly Photo[];
  mediaBase: string;
  facts: ReadonlyMap<string, PhotoFacts>;
  selection: GridSelection;
  onOpen: (path: string) => void;
  /** The photos in the rendered rows, for fetching their facts first. */
  onVisible: (paths: string[]) => void;
}

/**
 * The album grid, virtualised by rows: a folder of thousands of photos renders only the rows in
 * view, and thumbnails load from the media route through a queue, newest tiles first
 * (thumbnailQueue.ts). One tab stop (the grid) with the cursor as aria-activedescendant: arrows
 * move it, Enter opens, Space toggles batch selection, Ctrl+A selects all, Esc clears the
 * selection.
 */
export function ThumbnailGrid({ photos, mediaBase, facts, selection, onOpen, onVisible }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const rem = useRootFontSize();
  const minTile = Math.round(TILE_REM * rem);
  const gap = Math.round(GAP_REM * rem);
  const width = useElementWidth(scroller);
  const columns = Math.max(1, Math.floor((width + gap) / (minTile + gap)));
  // Tiles grow a little so the columns fill the width instead of leaving a ragged margin.
  const tile = Math.max(minTile, Math.floor((width - gap * (columns - 1)) / columns));
  const rows = Math.ceil(photos.length / columns);
  // The React Compiler is not used in this build, so its "incompatible library" note about
  // useVirtualizer's unmemoisable functions does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => tile + Math.round(CAPTION_REM * rem) + gap,
    overscan: 2,
  });
  const items = virtualizer.getVirtualItems();
  const cursorIndex = selection.cursor ? photos.findIndex((p) => p.path === selection.cursor) : -1;

  // Sizes change with the window's root font size: re-measure the rows.
  useEffect(() => virtualizer.measure(), [virtualizer, tile, columns]);

  // Back from the photo view: the grid shows the photo that was open and takes the keyboard.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || width === 0) return;
    restored.current = true;
    if (cursorIndex >= 0) {
      virtualizer.scrollToIndex(Math.floor(cursorIndex / columns), { align: 'center' });
      scroller.current?.focus({ preventScroll: true });
    }
  }, [width, cursorIndex, columns, virtualizer]);

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    // Wait for scrolling to settle: a fling through 5,000 photos must not queue them all.
    const timer = setTimeout(() => {
      const visible = photos.slice(first * columns, (last + 1) * columns).map((p) => p.path);
      if (visible.length > 0) onVisible(visible);
    }, 150);
    return () => clearTimeout(timer);
  }, [first, last, columns, photos, onVisible]);

  const moveTo = useCallback(
    (index: number) => {
      const photo = photos[Math.max(0, Math.min(photos.length - 1, index))];
      if (!photo) return;
      selection.setCursor(photo.path);
      virtualizer.scrollToIndex(Math.floor(photos.indexOf(photo) / columns));
    },
    [photos, selection, virtualizer, columns],
  );

  function onKeyDown(e: KeyboardEvent) {
    const at = Math.max(0, cursorIndex);
    const perPage = Math.max(1, items.length - 2 * 2) * columns;
    const moves: Record<string, number> = {
      ArrowLeft: at - 1,
      ArrowRight: cursorIndex < 0 ? 0 : at + 1,
      ArrowUp: at - columns,
      ArrowDown: cursorIndex < 0 ? 0 : at + columns,
      PageUp: at - perPage,
      PageDown: at + perPage,
      Home: 0,
      End: photos.length - 1,
    };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      moveTo(target);
      return;
    }
    const current = photos[at];
    if (e.key === 'Enter' && current) {
      e.preventDefault();
      onOpen(current.path);
    } else if (e.key === ' ' && current) {
      e.preventDefault();
      if (cursorIndex < 0) selection.setCursor(current.path);
      selection.toggle(current.path);
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      selection.selectAll();
    } else if (e.key === 'Escape' && selection.selected.size > 0) {
      e.preventDefault();
      selection.clear();
    }
  }

  const onPointer = useCallback(
    (path: string, e: MouseEvent) => {
      if (e.shiftKey) selection.extendTo(path);
      else if (e.ctrlKey || e.metaKey) selection.toggle(path);
      selection.setCursor(path);
    },
    [selection],
  );

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label="Photos"
      aria-multiselectable="true"
      aria-rowcount={rows}
      aria-colcount={columns}
      aria-activedescendant={cursorIndex >= 0 ? `tile-${cursorIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => {
        // The keyboard lands somewhere visible: the first photo when nothing is chosen yet.
        const first = photos[0];
        if (cursorIndex < 0 && first) selection.setCursor(first.path);
      }}
    >
      <div className="grid-rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((row) => (
          <div
            key={row.key}
            role="row"
            aria-rowindex={row.index + 1}
            className="grid-row"
            style={{ transform: `translateY(${row.start}px)`, gap }}
          >
            {photos.slice(row.index * columns, (row.index + 1) * columns).map((photo, col) => {
              const index = row.index * columns + col;
              return (
                <Tile
                  key={photo.path}
                  id={`tile-${index}`}
                  photo={photo}
                  facts={facts.get(photo.path)}
                  mediaBase={mediaBase}
                  size={tile}
                  isCursor={index === cursorIndex}
                  isSelected={selection.selected.has(photo.path)}
                  onPointer={onPointer}
                  onOpen={onOpen}
                  onToggle={selection.toggle}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
