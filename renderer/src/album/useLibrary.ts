import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Photo, PhotoFacts } from '../../../electron/ipc/contract.js';
import { arrange, defaultOrder, needsFacts, type AlbumOrder } from './albumOrder.js';
import type { GridSelection } from './ThumbnailGrid.js';
import { useAlbum, type AlbumState } from './useAlbum.js';
import { usePhotoFacts, type FactsState } from './usePhotoFacts.js';
import { useSelection } from './useSelection.js';

export interface Library {
  state: AlbumState;
  /** Opens a folder, with its sub-folders unless `recursive` (default: the last choice) is off. */
  open: (folder: string, recursive?: boolean) => void;
  recursive: boolean;
  /** Changes the sub-folder option and opens the current folder again with it. */
  setRecursive: (recursive: boolean) => void;
  facts: FactsState;
  order: AlbumOrder;
  setOrder: (order: AlbumOrder) => void;
  /** All photos of the album (batch "whole album"). */
  photos: readonly Photo[];
  /** The photos shown, sorted and filtered. */
  ordered: readonly Photo[];
  selection: GridSelection;
}

const NO_PHOTOS: readonly Photo[] = [];
const NO_FACTS: ReadonlyMap<string, PhotoFacts> = new Map();

/** The album with its facts, order and selection: what the grid, photo view and batch share. */
export function useLibrary(): Library {
  const { state, open: openAlbum } = useAlbum();
  const facts = usePhotoFacts();
  const [order, setOrder] = useState<AlbumOrder>(defaultOrder);
  const [recursive, setRecursiveState] = useState(true);
  const photos = state.kind === 'open' ? state.album.photos : NO_PHOTOS;
  // Name and date orders without filters do not depend on facts: answers arriving for the
  // rows in view must not re-sort (and re-render) a 5,000-photo grid each time.
  const factsForOrder = needsFacts(order) ? facts.facts : NO_FACTS;
  const ordered = useMemo(
    () => arrange(photos, factsForOrder, order),
    [photos, factsForOrder, order],
  );
  const selection = useSelection(ordered);
  const { reset, want } = facts;
  const { clear } = selection;

  const openWith = useCallback(
    (folder: string, withSubfolders: boolean) => {
      reset();
      clear();
      openAlbum(folder, withSubfolders);
    },
    [reset, clear, openAlbum],
  );
  const open = useCallback(
    (folder: string, withSubfolders?: boolean) => {
      if (withSubfolders !== undefined) setRecursiveState(withSubfolders);
      openWith(folder, withSubfolders ?? recursive);
    },
    [openWith, recursive],
  );
  const current = state.kind === 'open' ? state.album.folder : null;
  const setRecursive = useCallback(
    (next: boolean) => {
      setRecursiveState(next);
      if (current) openWith(current, next);
    },
    [current, openWith],
  );

  // Sorting by blur or filtering by facts needs them for every photo, not only those in view:
  // analyse the rest in the background (rows in view still go first).
  const wantAll = needsFacts(order);
  useEffect(() => {
    if (wantAll)
      want(
        photos.map((p) => p.path),
        false,
      );
  }, [wantAll, photos, want]);

  return {
    state,
    open,
    recursive,
    setRecursive,
    facts,
    order,
    setOrder,
    photos,
    ordered,
    selection,
  };
}
