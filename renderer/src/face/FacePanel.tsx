import type { EncodedImage, FaceInfo, FaceSettings } from '../../../electron/ipc/contract.js';
import { Busy } from '../lib/Busy.js';
import { percent } from '../lib/format.js';
import { SourceImage } from '../lib/SourceImage.js';
import { faceLabel } from '../photo/PhotoStage.js';
import { KernelAndStrength } from './KernelAndStrength.js';
import { KernelFigure } from './KernelFigure.js';
import { outputLabel, UntrainedNote } from './UntrainedNote.js';
import type { FaceRestoreState } from './useFaceRestore.js';

interface Props {
  face: FaceInfo;
  settings: FaceSettings;
  restore: FaceRestoreState;
  onSettings: (settings: FaceSettings) => void;
  onCompare: () => void;
  onClose: () => void;
}

/**
 * One face, step by step: the aligned blurry crop, G's sketch, the estimated kernel (with its
 * size and how far to trust it), the Wiener deconvolution x0 and the final blend; and the
 * settings that re-run it. The previous result stays visible (dimmed) while a re-run works.
 */
export function FacePanel({ face, settings, restore, onSettings, onCompare, onClose }: Props) {
  const { result, runningSince, error, cancelled } = restore;
  const title = `Face ${face.id + 1}`;
  return (
    <section className="face-panel" aria-label={title} data-testid="face-panel">
      <header className="panel-head">
        <h2>{title}</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          All faces
        </button>
      </header>
      {!face.restorable ? (
        <p className="notice" role="note">
          {faceLabel(face)}. It is left as it is in exports and batches.
        </p>
      ) : (
        <>
          {result && !result.trainedModels && <UntrainedNote />}
          {runningSince !== null && (
            <Busy
              label={`Running face ${face.id + 1}`}
              since={runningSince}
              onCancel={restore.cancel}
            />
          )}
          {cancelled && runningSince === null && (
            <p className="notice" role="status">
              Cancelled.{' '}
              <button type="button" className="button button--small" onClick={restore.retry}>
                Run again
              </button>
            </p>
          )}
          {error && (
            <p className="notice notice--error" role="alert">
              {error}{' '}
              <button type="button" className="button button--small" onClick={restore.retry}>
                Try again
              </button>
            </p>
          )}
          {!result && runningSince === null && !error && !cancelled && (
            <p className="hint" role="status">
              Preparing…
            </p>
          )}
          {result && (
            <div
              className={`stages${runningSince !== null ? ' is-stale' : ''}`}
              data-testid="face-stages"
            >
              <Stage label="Blurry (aligned)" testId="face-blurry" source={result.blurry} large />
              <Stage
                label={outputLabel(result.trainedModels)}
                testId="face-final"
                source={result.final}
                large
              />
              <Stage label="Sketch" testId="face-sketch" source={result.sketch} />
              <KernelFigure result={result} />
              <Stage label="x0 (Wiener)" testId="face-x0" source={result.x0} />
            </div>
          )}
          {result?.lowConfidence && (
            <p className="notice notice--warning" role="note" data-testid="low-confidence">
              <strong>Low confidence ({percent(result.confidence)}).</strong> The kernel explains
              little of this face’s blur, so the result may be wrong. Try a manual kernel size, or
              exclude the face.
            </p>
          )}
          <KernelAndStrength
            kernelSize={settings.kernelSize}
            strength={settings.strength}
            suggestedKernel={result?.kernelSize ?? null}
            onChange={(next) => onSettings({ ...settings, ...next })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={settings.include}
              onChange={(e) => onSettings({ ...settings, include: e.target.checked })}
            />
            Include this face in the preview and export
          </label>
          <div className="panel-actions">
            <button type="button" className="button" onClick={onCompare} disabled={!result}>
              Compare face before/after
            </button>
          </div>
          {result && (
            <p className="hint" data-testid="face-timings">
              {Object.entries(result.timings)
                .map(([step, ms]) => `${step} ${Math.round(ms)} ms`)
                .join(' · ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Stage({
  label,
  testId,
  source,
  large,
}: {
  label: string;
  testId: string;
  source: EncodedImage;
  large?: boolean;
}) {
  return (
    <figure className={`stage${large ? ' stage--large' : ''}`}>
      <SourceImage source={source} alt={label} className="stage__img" data-testid={testId} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
