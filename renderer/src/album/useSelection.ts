import { useCallback, useMemo, useState } from 'react';
import type { Photo } from '../../../electron/ipc/contract.js';
import type { GridSelection } from './ThumbnailGrid.js';

/**
 * The grid's cursor (the photo the keyboard is on, and the one the photo view shows) and the
 * batch selection, over the photos in their current order (shift-click ranges follow it).
 */
export function useSelection(ordered: readonly Photo[]): GridSelection {
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const toggle = useCallback((path: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  }, []);

  const extendTo = useCallback(
    (path: string) => {
      const from = ordered.findIndex((p) => p.path === cursor);
      const to = ordered.findIndex((p) => p.path === path);
      if (to < 0) return;
      const [lo, hi] = from < 0 ? [to, to] : [Math.min(from, to), Math.max(from, to)];
      setSelected((prev) => {
        const next = new Set(prev);
        for (const p of ordered.slice(lo, hi + 1)) next.add(p.path);
        return next;
      });
    },
    [ordered, cursor],
  );

  const selectAll = useCallback(() => setSelected(new Set(ordered.map((p) => p.path))), [ordered]);
  const clear = useCallback(() => setSelected(new Set()), []);

  return useMemo(
    () => ({ cursor, selected, setCursor, toggle, extendTo, selectAll, clear }),
    [cursor, selected, toggle, extendTo, selectAll, clear],
  );
}
