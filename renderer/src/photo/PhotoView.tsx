import { useEffect, useMemo, useState } from 'react';
import type { FaceSettings, Photo } from '../../../electron/ipc/contract.js';
import { mediaUrl } from '../api.js';
import { Compare, type CompareMode } from '../compare/Compare.js';
import { useZoomPan, type Size, type ZoomPan } from '../compare/useZoomPan.js';
import { ZoomControls } from '../compare/ZoomControls.js';
import { FacePanel } from '../face/FacePanel.js';
import {
  faceSettings,
  photoSettings,
  type FaceOverrides,
  type RestoreDefaults,
} from '../face/restoreSettings.js';
import { outputLabel, UntrainedNote } from '../face/UntrainedNote.js';
import { useFaceRestore, type FaceRestoreState } from '../face/useFaceRestore.js';
import { Busy } from '../lib/Busy.js';
import { fileName } from '../lib/format.js';
import { isFormControl } from '../lib/keys.js';
import { Segmented } from '../lib/Segmented.js';
import { ExportButton } from './ExportButton.js';
import { FaceList } from './FaceList.js';
import { PhotoStage } from './PhotoStage.js';
import { usePhoto, type PhotoInfo } from './usePhoto.js';
import { MAX_PREVIEW_EDGE, needsRealPixels, PREVIEW_EDGE } from './realPixels.js';
import { useWholePreview } from './useWholePreview.js';

type Stage = 'photo' | 'compare' | 'face-compare';

interface Props {
  photo: Photo;
  mediaBase: string;
  /** This photo's per-face settings, kept by the caller while the album is open. */
  overrides: FaceOverrides;
  onOverrides: (overrides: FaceOverrides) => void;
  defaults: RestoreDefaults;
  onDefaults: (defaults: RestoreDefaults) => void;
  /** From settingsGet; each result also says so, this covers the time before one arrives. */
  trainedModels: boolean | null;
  onBack: () => void;
  onExported: (path: string) => void;
  /** The previous / next photo of the album's order, when there is one. */
  onStep: ((delta: -1 | 1) => void) | null;
}

/** One photo: zoomable with its faces, the face panel, before/after, export. */
export function PhotoView(props: Props) {
  const { photo, onBack, onStep } = props;
  const [attempt, setAttempt] = useState(0);
  const state = usePhoto(photo.path, attempt);
  const ready = state.kind === 'ready';

  // Page Up/Down step through photos, also while one is still opening (flipping through an
  // album faster than photos open); Esc goes back while opening or after a failure (an open
  // photo's Esc closes its panels first: OpenPhoto).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      if ((e.key === 'PageUp' || e.key === 'PageDown') && onStep && !isFormControl(e.target)) {
        e.preventDefault();
        onStep(e.key === 'PageUp' ? -1 : 1);
      } else if (e.key === 'Escape' && !ready) {
        e.preventDefault();
        onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onStep, onBack, ready]);

  return (
    <div className="photo-view">
      {state.kind === 'ready' ? (
        // Keyed by photo: overrides, chosen face and zoom start afresh for each one.
        <OpenPhoto key={photo.path} {...props} info={state.info} />
      ) : (
        <>
          <PhotoBar photo={photo} onBack={onBack} onStep={props.onStep} />
          {state.kind === 'loading' ? (
            <div className="status" role="status">
              <div className="spinner" aria-hidden="true" />
              <p>Opening {fileName(photo.relativePath)} and finding its faces…</p>
            </div>
          ) : (
            <section className="status status--error" role="alert">
              <h2>Could not open {fileName(photo.relativePath)}</h2>
              <p>{state.message}</p>
              <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>{' '}
              <button type="button" className="button" onClick={onBack}>
                Back to album
              </button>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function PhotoBar({
  photo,
  info,
  onBack,
  onStep,
  children,
}: {
  photo: Photo;
  info?: PhotoInfo;
  onBack: () => void;
  onStep: Props['onStep'];
  children?: React.ReactNode;
}) {
  return (
    <div className="photo-bar" role="toolbar" aria-label="Photo">
      <button type="button" className="button" onClick={onBack} title="Esc">
        ← Album
      </button>
      {onStep && (
        <>
          <button
            type="button"
            className="button button--small"
            aria-label="Previous photo"
            title="Previous photo (Page Up)"
            onClick={() => onStep(-1)}
          >
            ‹
          </button>
          <button
            type="button"
            className="button button--small"
            aria-label="Next photo"
            title="Next photo (Page Down)"
            onClick={() => onStep(1)}
          >
            ›
          </button>
        </>
      )}
      <div className="photo-bar__title">
        <h2 title={photo.relativePath}>{fileName(photo.relativePath)}</h2>
        {info && (
          <span className="photo-bar__meta" data-testid="photo-meta">
            {info.width}×{info.height} · {info.format.toUpperCase()} · {info.bitDepth}-bit ·{' '}
            {info.tone}
            {info.restoredPath && ' · restored copy exists'}
          </span>
        )}
      </div>
      {children}
    </div>
  );
}

function OpenPhoto(props: Props & { info: PhotoInfo }) {
  const { photo, info, mediaBase, defaults, overrides, onOverrides, onBack, onStep } = props;
  const [activeFace, setActiveFace] = useState<number | null>(null);
  const [stage, setStage] = useState<Stage>('photo');
  const [compareMode, setCompareMode] = useState<CompareMode>('split');
  const zoom = useZoomPan({ width: info.width, height: info.height });
  const face = info.faces.find((f) => f.id === activeFace) ?? null;
  const settings = useMemo(() => photoSettings(defaults, overrides), [defaults, overrides]);
  // Once zoomed past the scale of the compare's default renditions (here or in the photo view:
  // they share the zoom), restorations come at full resolution on both sides, so 100% shows
  // real pixels; until one arrives the last is shown. Kept for the photo once asked for.
  const [compareRealPixels, setCompareRealPixels] = useState(false);
  const longEdge = Math.max(info.width, info.height);
  const previewWidth = info.width * Math.min(1, PREVIEW_EDGE / longEdge);
  if (
    !compareRealPixels &&
    needsRealPixels(previewWidth, info.width, zoom.view.scale, devicePixelRatio)
  ) {
    setCompareRealPixels(true);
  }
  const whole = useWholePreview(
    photo.path,
    settings,
    stage === 'compare',
    compareRealPixels ? Math.min(MAX_PREVIEW_EDGE, longEdge) : undefined,
  );
  const faceSettingsNow = face ? faceSettings(face.id, defaults, overrides) : null;
  const restore = useFaceRestore(photo.path, face?.restorable ? faceSettingsNow : null);
  const excluded = useMemo(
    () => new Set([...overrides.values()].filter((o) => !o.include).map((o) => o.faceId)),
    [overrides],
  );

  // Esc closes the face compare, then the face panel, then goes back to the album.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.key !== 'Escape' || document.querySelector('dialog[open]')) {
        return;
      }
      e.preventDefault();
      if (stage === 'face-compare') setStage('photo');
      else if (activeFace !== null) setActiveFace(null);
      else onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stage, activeFace, onBack]);

  const setFace = (next: FaceSettings) => onOverrides(new Map(overrides).set(next.faceId, next));
  const chooseFace = (id: number) => {
    setActiveFace(id);
    if (stage === 'face-compare') setStage('photo');
  };

  const trained = whole.preview?.trainedModels ?? props.trainedModels;
  return (
    <>
      <PhotoBar photo={photo} info={info} onBack={onBack} onStep={onStep}>
        <Segmented
          label="View"
          value={stage}
          onChange={setStage}
          options={[
            { value: 'photo', label: 'Photo' },
            { value: 'compare', label: 'Before/after', disabled: info.faces.length === 0 },
            { value: 'face-compare', label: 'Face before/after', disabled: !face?.restorable },
          ]}
        />
        <div className="photo-bar__export">
          <ExportButton path={photo.path} settings={settings} onExported={props.onExported} />
        </div>
      </PhotoBar>
      <div className="photo-body">
        <section className="photo-main" aria-label="Photo area">
          {stage === 'photo' && (
            <>
              <div className="stage-bar">
                <ZoomControls zoom={zoom} label="Photo zoom" />
                <span className="hint">Scroll to zoom, drag to pan, click a face.</span>
              </div>
              <PhotoStage
                zoom={zoom}
                src={mediaUrl(mediaBase, 'preview', photo.path)}
                fullSrc={mediaUrl(mediaBase, 'full', photo.path)}
                width={info.width}
                height={info.height}
                faces={info.faces}
                activeFace={activeFace}
                excluded={excluded}
                onFace={chooseFace}
              />
            </>
          )}
          {stage === 'compare' && (
            <WholeCompare
              whole={whole}
              size={{ width: info.width, height: info.height }}
              zoom={zoom}
              mode={compareMode}
              onMode={setCompareMode}
              trained={trained}
            />
          )}
          {stage === 'face-compare' && face && (
            <FaceCompareStage
              faceId={face.id}
              restore={restore}
              mode={compareMode}
              onMode={setCompareMode}
            />
          )}
        </section>
        <aside className="side-panel" aria-label="Faces">
          {face && faceSettingsNow ? (
            <FacePanel
              face={face}
              settings={faceSettingsNow}
              restore={restore}
              onSettings={setFace}
              onCompare={() => setStage('face-compare')}
              onClose={() => setActiveFace(null)}
            />
          ) : (
            <FaceList
              faces={info.faces}
              overrides={overrides}
              defaults={defaults}
              onDefaults={props.onDefaults}
              onFace={chooseFace}
            />
          )}
        </aside>
      </div>
    </>
  );
}

function WholeCompare({
  whole,
  size,
  zoom,
  mode,
  onMode,
  trained,
}: {
  whole: ReturnType<typeof useWholePreview>;
  /** The photo's size: renditions are drawn at it, so zoom levels mean the same everywhere. */
  size: Size;
  zoom: ZoomPan;
  mode: CompareMode;
  onMode: (m: CompareMode) => void;
  trained: boolean | null;
}) {
  const { preview, running, error } = whole;
  return (
    <div className="compare-stage">
      {trained === false && <UntrainedNote />}
      {running && <BusyNow label="Restoring the whole photo" />}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p className="hint" data-testid="preview-summary">
            {preview.restoredFaces} of {preview.faces.length} faces{' '}
            {preview.trainedModels ? 'restored' : 'processed by untrained stand-ins'}
            {preview.faces
              .filter((f) => f.status === 'skipped')
              .map((f) => ` · face ${f.id + 1} skipped${f.note ? `: ${f.note}` : ''}`)
              .join('')}
          </p>
          <Compare
            label="Whole photo before and after"
            before={preview.before}
            after={preview.after}
            size={size}
            zoom={zoom}
            afterLabel={outputLabel(preview.trainedModels)}
            mode={mode}
            onMode={onMode}
            busy={running}
          />
        </>
      )}
    </div>
  );
}

/** A Busy that starts counting when it first appears. */
function BusyNow({ label }: { label: string }) {
  const [since] = useState(() => performance.now());
  return <Busy label={label} since={since} />;
}

function FaceCompareStage({
  faceId,
  restore,
  mode,
  onMode,
}: {
  faceId: number;
  restore: FaceRestoreState;
  mode: CompareMode;
  onMode: (m: CompareMode) => void;
}) {
  const { result } = restore;
  return (
    <div className="compare-stage">
      {result && !result.trainedModels && <UntrainedNote />}
      {restore.runningSince !== null && (
        <Busy label="Running the face" since={restore.runningSince} onCancel={restore.cancel} />
      )}
      {restore.error && (
        <p className="notice notice--error" role="alert">
          {restore.error}
        </p>
      )}
      {result && (
        <Compare
          label={`Face ${faceId + 1} before and after`}
          before={result.blurry}
          after={result.final}
          size={{ width: result.blurry.width, height: result.blurry.height }}
          afterLabel={outputLabel(result.trainedModels)}
          mode={mode}
          onMode={onMode}
          busy={restore.runningSince !== null}
        />
      )}
    </div>
  );
}
