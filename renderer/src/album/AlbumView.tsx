import { useCallback } from 'react';
import { AlbumBar } from './AlbumBar.js';
import { EmptyAlbum } from './EmptyAlbum.js';
import { ThumbnailGrid } from './ThumbnailGrid.js';
import type { Library } from './useLibrary.js';

interface Props {
  library: Library;
  mediaBase: string | null;
  onOpenFolder: () => void;
  onOpenPhoto: (path: string) => void;
  onBatch: (scope: 'selected' | 'album') => void;
}

/** The album area: empty state, scanning, the grid, or why the folder could not be opened. */
export function AlbumView({ library, mediaBase, onOpenFolder, onOpenPhoto, onBatch }: Props) {
  const { state, facts, order, setOrder, ordered, selection } = library;
  const { want } = facts;
  const onVisible = useCallback((paths: string[]) => want(paths, true), [want]);
  switch (state.kind) {
    case 'empty':
      return <EmptyAlbum onOpenFolder={onOpenFolder} disabled={mediaBase === null} />;
    case 'scanning':
      return (
        <div className="status" role="status">
          <div className="spinner" aria-hidden="true" />
          <p>
            Looking for photos in {state.folder}… {state.found > 0 && `${state.found} found`}
          </p>
        </div>
      );
    case 'failed':
      return (
        <section className="status status--error" role="alert">
          <h2>Could not open {state.folder}</h2>
          <p>{state.message}</p>
          <button type="button" className="button" onClick={onOpenFolder}>
            Choose another folder
          </button>
        </section>
      );
    case 'open': {
      if (state.album.photos.length === 0) {
        return (
          <section className="status" role="status">
            <h2>No photos in {state.album.folder}</h2>
            <p>JPEG, PNG, WebP, TIFF, AVIF and GIF files are listed, sub-folders included.</p>
            <button type="button" className="button" onClick={onOpenFolder}>
              Choose another folder
            </button>
          </section>
        );
      }
      return (
        <>
          <AlbumBar
            recursive={library.recursive}
            onRecursive={library.setRecursive}
            order={order}
            onOrder={setOrder}
            shown={ordered.length}
            total={state.album.photos.length}
            selected={selection.selected.size}
            analysing={facts.pending}
            factsError={facts.error}
            onClearSelection={selection.clear}
            onBatchSelected={() => onBatch('selected')}
            onBatchAll={() => onBatch('album')}
          />
          {state.album.skipped.length > 0 && (
            <p className="notice" data-testid="skipped-note">
              {state.album.skipped.length} item(s) skipped while scanning, e.g.{' '}
              {state.album.skipped[0]?.path}: {state.album.skipped[0]?.reason}
            </p>
          )}
          {ordered.length === 0 ? (
            <section className="status" role="status">
              <h2>No photo matches these filters</h2>
              <p>
                {facts.pending > 0
                  ? `Still analysing ${facts.pending} photos: matches appear as they are found.`
                  : 'Change the filters to see more photos.'}
              </p>
            </section>
          ) : (
            mediaBase && (
              <ThumbnailGrid
                photos={ordered}
                mediaBase={mediaBase}
                facts={facts.facts}
                selection={selection}
                onOpen={onOpenPhoto}
                onVisible={onVisible}
              />
            )
          )}
        </>
      );
    }
  }
}
