import { memo, useState, type MouseEvent } from 'react';
import type { Photo, PhotoFacts } from '../../../electron/ipc/contract.js';
import { mediaUrl } from '../api.js';
import { fileName, sharpnessWord } from '../lib/format.js';
import { useThumbnail } from './useThumbnail.js';

interface Props {
  id: string;
  photo: Photo;
  facts: PhotoFacts | undefined;
  mediaBase: string;
  size: number;
  isCursor: boolean;
  isSelected: boolean;
  onPointer: (path: string, e: MouseEvent) => void;
  onOpen: (path: string) => void;
  onToggle: (path: string) => void;
}

/** One grid cell: thumbnail, name, face-count/blur/restored badges, batch checkbox. */
export const Tile = memo(function Tile({
  id,
  photo,
  facts,
  mediaBase,
  size,
  isCursor,
  isSelected,
  onPointer,
  onOpen,
  onToggle,
}: Props) {
  const name = fileName(photo.relativePath);
  // A file main cannot render (corrupt, unsupported): a plain placeholder, not a broken icon.
  const [broken, setBroken] = useState(false);
  // The src waits for its turn (thumbnailQueue.ts): rows flown past never reach main.
  const src = mediaUrl(mediaBase, 'thumb', photo.path);
  const thumb = useThumbnail(src);
  const word = facts?.sharpness != null ? sharpnessWord(facts.sharpness) : null;
  return (
    <div
      id={id}
      role="gridcell"
      aria-selected={isSelected}
      aria-label={name}
      data-testid="photo-tile"
      data-path={photo.path}
      data-sharpness={facts?.sharpness ?? undefined}
      className={`tile${isCursor ? ' tile--cursor' : ''}${isSelected ? ' tile--selected' : ''}`}
      style={{ width: size }}
      onClick={(e) => onPointer(photo.path, e)}
      onDoubleClick={() => onOpen(photo.path)}
    >
      <div className="tile__frame">
        {broken || thumb === 'failed' ? (
          <span
            className="tile__image tile__image--broken"
            role="img"
            aria-label={photo.relativePath}
          >
            No preview
          </span>
        ) : (
          <img
            className="tile__image"
            src={thumb === 'ready' ? src : undefined}
            alt={photo.relativePath}
            width={size}
            height={size}
            decoding="async"
            draggable={false}
            onError={() => setBroken(true)}
          />
        )}
        <span
          className={`tile__check${isSelected ? ' tile__check--on' : ''}`}
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            onToggle(photo.path);
          }}
        >
          {isSelected ? '✓' : ''}
        </span>
        <span className="tile__badges">
          {facts === undefined ? (
            <span className="badge badge--muted" data-testid="facts-pending">
              …
            </span>
          ) : facts.error ? (
            <span className="badge badge--blurry" data-testid="facts-error" title={facts.error}>
              unreadable
            </span>
          ) : (
            <>
              <span
                className="badge"
                data-testid="face-count"
                title={`${facts.faceCount} face${facts.faceCount === 1 ? '' : 's'}`}
              >
                {facts.faceCount} {facts.faceCount === 1 ? 'face' : 'faces'}
              </span>
              {word && word !== 'sharp' && (
                <span className={`badge badge--${word}`} data-testid="blur-badge">
                  {word}
                </span>
              )}
              {facts.restored && (
                <span className="badge badge--restored" data-testid="restored-badge">
                  restored
                </span>
              )}
            </>
          )}
        </span>
      </div>
      <span className="tile__name" title={photo.relativePath}>
        {name}
      </span>
    </div>
  );
});
