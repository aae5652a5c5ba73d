import { useCallback, useState } from 'react';
import type { FaceInfo } from '../../../electron/ipc/contract.js';
import { PlacedImage } from '../compare/PlacedImage.js';
import type { ZoomPan } from '../compare/useZoomPan.js';
import { percent, sharpnessWord } from '../lib/format.js';

interface Props {
  zoom: ZoomPan;
  src: string;
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
 * logical size, so one scale places both.
 */
export function PhotoStage({
  zoom,
  src,
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
        alt="The photo"
        onLoad={() => setImage('ready')}
        onError={() => setImage('failed')}
      />
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
