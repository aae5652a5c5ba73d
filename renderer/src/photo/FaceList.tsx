import type { FaceInfo } from '../../../electron/ipc/contract.js';
import { KernelAndStrength } from '../face/KernelAndStrength.js';
import type { FaceOverrides, RestoreDefaults } from '../face/restoreSettings.js';
import { sharpnessWord } from '../lib/format.js';
import { faceLabel } from './PhotoStage.js';

interface Props {
  faces: readonly FaceInfo[];
  overrides: FaceOverrides;
  defaults: RestoreDefaults;
  onDefaults: (defaults: RestoreDefaults) => void;
  onFace: (id: number) => void;
}

/** The side panel with no face chosen: every face, and the settings all faces start from. */
export function FaceList({ faces, overrides, defaults, onDefaults, onFace }: Props) {
  const restorable = faces.filter((f) => f.restorable);
  const skipped = faces.filter((f) => !f.restorable);
  return (
    <section className="face-list" aria-labelledby="face-list-title">
      <header className="panel-head">
        <h2 id="face-list-title">
          {faces.length === 0
            ? 'No faces'
            : `${faces.length} ${faces.length === 1 ? 'face' : 'faces'}`}
        </h2>
      </header>
      {faces.length === 0 ? (
        <p className="hint">
          No face was found in this photo, so there is nothing to restore. Faces smaller than the
          detector’s minimum or seen from the side may be missed.
        </p>
      ) : (
        <>
          <p className="hint">Click a face (on the photo or here) to see its restoration.</p>
          <FaceButtons faces={restorable} overrides={overrides} onFace={onFace} />
          {skipped.length > 0 && (
            <details className="face-list__skipped" open={restorable.length === 0}>
              <summary>
                {skipped.length} {skipped.length === 1 ? 'face is' : 'faces are'} left as they are
                (too small or unusable)
              </summary>
              <FaceButtons faces={skipped} overrides={overrides} onFace={onFace} />
            </details>
          )}
        </>
      )}
      {faces.length > 0 && (
        <>
          <h3 className="panel-subhead">Settings for every face</h3>
          <p className="hint">
            Faces you adjust in their own panel keep their settings. Batches use these.
          </p>
          <KernelAndStrength
            kernelSize={defaults.kernelSize}
            strength={defaults.strength}
            suggestedKernel={null}
            onChange={onDefaults}
          />
        </>
      )}
    </section>
  );
}

function FaceButtons({ faces, overrides, onFace }: Pick<Props, 'faces' | 'overrides' | 'onFace'>) {
  return (
    <ul className="face-list__items">
      {faces.map((face) => {
        const override = overrides.get(face.id);
        const word = face.restorable ? sharpnessWord(face.sharpness) : 'unrestorable';
        return (
          <li key={face.id}>
            <button
              type="button"
              className="face-item"
              onClick={() => onFace(face.id)}
              data-testid="face-item"
            >
              <span className={`dot dot--${word}`} aria-hidden="true" />
              <span className="face-item__text">{faceLabel(face)}</span>
              {override && !override.include && <span className="badge">excluded</span>}
              {override?.include && <span className="badge">adjusted</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
