import type { AlbumState } from './useAlbum.js';
import { EmptyAlbum } from './EmptyAlbum.js';
import { ThumbnailGrid } from './ThumbnailGrid.js';

interface Props {
  state: AlbumState;
  mediaBase: string | null;
  onOpenFolder: () => void;
}

/** The album area: empty state, scanning, the grid, or why the folder could not be opened. */
export function AlbumView({ state, mediaBase, onOpenFolder }: Props) {
  switch (state.kind) {
    case 'empty':
      return <EmptyAlbum onOpenFolder={onOpenFolder} disabled={mediaBase === null} />;
    case 'scanning':
      return (
        <p className="status" role="status">
          Looking for photos in {state.folder}… {state.found > 0 && `${state.found} found`}
        </p>
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
    case 'open':
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
      return mediaBase && <ThumbnailGrid photos={state.album.photos} mediaBase={mediaBase} />;
  }
}
