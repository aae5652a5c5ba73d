import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Photo } from '../../../electron/ipc/contract.js';
import { mediaUrl } from '../api.js';
import { useElementWidth } from './useElementWidth.js';

const TILE = 184;
const GAP = 12;
const CAPTION = 28;

interface Props {
  photos: readonly Photo[];
  mediaBase: string;
}

/**
 * The album grid, virtualised by rows: a folder of thousands of photos renders only the rows
 * in view, and thumbnails load lazily from the media route.
 */
export function ThumbnailGrid({ photos, mediaBase }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scroller);
  const columns = Math.max(1, Math.floor((width + GAP) / (TILE + GAP)));
  const rows = Math.ceil(photos.length / columns);
  // The React Compiler is not used in this build, so its "incompatible library" note about
  // useVirtualizer's unmemoisable functions does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE + CAPTION + GAP,
    overscan: 2,
  });

  return (
    <div ref={scroller} className="grid-scroller" role="list" aria-label="Photos">
      <div className="grid-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            className="grid-row"
            style={{ transform: `translateY(${row.start}px)`, gap: GAP }}
          >
            {photos.slice(row.index * columns, (row.index + 1) * columns).map((photo) => (
              <figure key={photo.path} className="tile" role="listitem" style={{ width: TILE }}>
                <img
                  className="tile__image"
                  src={mediaUrl(mediaBase, 'thumb', photo.path)}
                  alt={photo.relativePath}
                  width={TILE}
                  height={TILE}
                  loading="lazy"
                  decoding="async"
                />
                <figcaption title={photo.relativePath}>{fileName(photo.relativePath)}</figcaption>
              </figure>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

function fileName(relativePath: string): string {
  return relativePath.slice(relativePath.lastIndexOf('/') + 1);
}
