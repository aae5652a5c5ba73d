import { useCallback, useState } from 'react';
import type { FaceInfo } from '../../../electron/ipc/contract.js';
import { PlacedImage } from '../compare/PlacedImage.js';
import type { ZoomPan } from '../compare/useZoomPan.js';
import { percent, sharpnessWord } from '../lib/format.js';
import { needsRealPixels } from './realPixels.js';

interface Props {
  zoom: ZoomPan;
  /** The preview rendition (fits 2048 px): fast, shown at fit. */
  src: string;
  /** The full-resolution rendition: loaded once zoomed past the preview's scale. */
  fullSrc: string;
  width: number;
  height: number;
  faces: readonly FaceInfo[];
  activeFace: number | null;
  /** Faces the user excluded in their panel (drawn dimmed). */
  excluded: ReadonlySet<number>;
  onFace: (id: number) => void;
}

/** On-screen box width below which a tag shows the face number only (crowds stay legible). */
const TAG_ROOM_PX = 56;

/** Accessible name of a face box (also the face list's button text). */
export function faceLabel(face: FaceInfo): string {
  const name = `Face ${face.id + 1}`;
  if (!face.restorable) return `${name}: not restorable (${face.reason ?? 'no reason given'})`;
  return `${name}: sharpness ${percent(face.sharpness)} (${sharpnessWord(face.sharpness)})`;
}

/**
 * The photo at its zoom/pan with every face's box and blur score on top. Boxes come in the
 * oriented full-resolution pixels photoOpen measured; the preview rendition is drawn at that
 * logical size, so one scale places both. Zoomed past the preview's scale, the full-resolution
 * rendition loads on top, hidden until it has loaded: it is drawn at the same logical size, so
 * it swaps in without a jump, and it stays loaded for the next zoom in.
 */
export function PhotoStage({
  zoom,
  src,
  fullSrc,
  width,
  height,
  faces,
  activeFace,
  excluded,
  onFace,
}: Props) {
  const [image, setImage] = useState<'loading' | 'ready' | 'failed'>('loading');
  // Destructured: the hooks linter takes `zoom.attachPane` in ref= for a ref read in render.
  const { view, attachPane, onKeyDown } = zoom;
  // The preview's width in pixels, known once it has loaded (a photo up to 2048 px is its own
  // preview: no full rendition is ever needed).
  const [previewWidth, setPreviewWidth] = useState<number | null>(null);
  const enlarged =
    previewWidth !== null && needsRealPixels(previewWidth, width, view.scale, devicePixelRatio);
  const [full, setFull] = useState<'none' | 'loading' | 'ready' | 'failed'>('none');
  // Requested on the first zoom past the preview's scale (state derived during render).
  if (enlarged && full === 'none') setFull('loading');
  const showFull = enlarged && full === 'ready';
  // The keyboard lands on the photo when it opens (zoom keys work at once, Tab reaches faces).
  const attach = useCallback(
    (el: HTMLDivElement | null) => {
      el?.focus({ preventScroll: true });
      return attachPane(el);
    },
    [attachPane],
  );
  return (
    <div
      className="pane pane--photo"
      ref={attach}
      tabIndex={0}
      role="group"
      aria-label="Photo: scroll or +/- to zoom, drag or arrows to pan"
      onKeyDown={onKeyDown}
      data-testid="photo-stage"
    >
      <PlacedImage
        source={src}
        size={{ width, height }}
        view={view}
        alt={showFull ? '' : 'The photo'}
        onLoad={(e) => {
          setPreviewWidth(e.currentTarget.naturalWidth);
          setImage('ready');
        }}
        onError={() => setImage('failed')}
      />
      {full !== 'none' && (
        <PlacedImage
          source={fullSrc}
          size={{ width, height }}
          view={view}
          alt={showFull ? 'The photo' : ''}
          className={showFull ? undefined : 'is-hidden'}
          onLoad={() => setFull('ready')}
          onError={() => setFull('failed')}
        />
      )}
      {enlarged && full === 'loading' && (
        <span className="pane__tag pane__tag--right" role="status" data-testid="full-loading">
          Loading full resolution…
        </span>
      )}
      {enlarged && full === 'failed' && (
        <span className="pane__tag pane__tag--right" role="alert">
          Full resolution unavailable: showing the 2048 px preview
        </span>
      )}
      {image === 'loading' && (
        <div className="pane__overlay" role="status">
          <div className="spinner" aria-hidden="true" />
          Loading the photo…
        </div>
      )}
      {image === 'failed' && (
        <div className="pane__overlay text-danger" role="alert">
          The preview of this photo could not be loaded.
        </div>
      )}
      {faces.map((face) => {
        const word = face.restorable ? sharpnessWord(face.sharpness) : 'unrestorable';
        return (
          <button
            key={face.id}
            type="button"
            className={`face-box face-box--${word}${activeFace === face.id ? ' is-active' : ''}${
              excluded.has(face.id) ? ' is-excluded' : ''
            }`}
            data-testid="face-box"
            data-face-id={face.id}
            aria-label={faceLabel(face)}
            aria-pressed={activeFace === face.id}
            title={faceLabel(face)}
            onClick={() => onFace(face.id)}
            style={{
              transform: `translate(${view.x + face.box.x * view.scale}px, ${
                view.y + face.box.y * view.scale
              }px)`,
              width: face.box.width * view.scale,
              height: face.box.height * view.scale,
            }}
          >
            <span className="face-box__tag" aria-hidden="true">
              {face.id + 1}
              {face.restorable &&
                face.box.width * view.scale >= TAG_ROOM_PX &&
                ` · ${percent(face.sharpness)} ${word}`}
            </span>
          </button>
        );
      })}
    </div>
  );
}
