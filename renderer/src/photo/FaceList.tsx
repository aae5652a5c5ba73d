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
          <ul className="face-list__items">
            {faces.map((face) => {
              const override = overrides.get(face.id);
              return (
                <li key={face.id}>
                  <button
                    type="button"
                    className="face-item"
                    onClick={() => onFace(face.id)}
                    data-testid="face-item"
                  >
                    <span
                      className={`dot dot--${face.restorable ? sharpnessWord(face.sharpness) : 'unrestorable'}`}
                      aria-hidden="true"
                    />
                    <span className="face-item__text">{faceLabel(face)}</span>
                    {override && !override.include && <span className="badge">excluded</span>}
                    {override?.include && <span className="badge">adjusted</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
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
    </section>
  );
}
