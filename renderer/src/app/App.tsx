import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { AlbumView } from '../album/AlbumView.js';
import { FolderPathDialog } from '../album/FolderPathDialog.js';
import { useFolderDrop } from '../album/useFolderDrop.js';
import { useLibrary } from '../album/useLibrary.js';
import { BatchPanel } from '../batch/BatchPanel.js';
import { useBatch } from '../batch/useBatch.js';
import {
  initialDefaults,
  type FaceOverrides,
  type RestoreDefaults,
} from '../face/restoreSettings.js';
import { errorMessage } from '../lib/errors.js';
import { PhotoView } from '../photo/PhotoView.js';
import { SettingsView } from '../settings/SettingsView.js';
import { useSettings } from '../settings/useSettings.js';
import { useAppInfo } from './useAppInfo.js';

const NO_OVERRIDES: FaceOverrides = new Map();

type View = { kind: 'album' } | { kind: 'photo'; path: string } | { kind: 'settings' };

/**
 * The window: a toolbar (views, the album's folder, batch, "Open folder"), the current view,
 * and the batch panel beside it when open. Drop a folder anywhere to open it.
 */
export function App() {
  const { info, error } = useAppInfo();
  const library = useLibrary();
  const settings = useSettings();
  const batch = useBatch();
  const [view, setView] = useState<View>({ kind: 'album' });
  const [batchOpen, setBatchOpen] = useState(false);
  const [defaults, setDefaults] = useState<RestoreDefaults>(initialDefaults);
  // Per-face settings of each photo visited, so stepping away and back keeps them.
  const [overrides, setOverrides] = useState<ReadonlyMap<string, FaceOverrides>>(new Map());
  const [askingPath, setAskingPath] = useState<{ dropped: string | null } | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const { state, open, selection, ordered, photos } = library;
  const { refresh } = library.facts;

  // Photos of this album a batch restored now have an output: their "restored" fact changed.
  useEffect(() => {
    const inAlbum = new Set(photos.map((p) => p.path));
    return api.on('batchProgress', ({ changed }) => {
      const done = changed.filter((i) => i.status === 'done' && inAlbum.has(i.path));
      if (done.length > 0) refresh(done.map((i) => i.path));
    });
  }, [refresh, photos]);

  const openFolder = useCallback(
    (folder: string, recursive?: boolean) => {
      setView({ kind: 'album' });
      open(folder, recursive);
    },
    [open],
  );
  const drop = useFolderDrop(
    (folder) => openFolder(folder),
    (name) => setAskingPath({ dropped: name }),
  );

  function chooseFolder() {
    if (!info) return;
    if (!info.nativeFolderDialog) {
      setAskingPath({ dropped: null });
      return;
    }
    api.folderPick({}).then(
      ({ folder: picked }) => picked && openFolder(picked),
      (err: unknown) => setPickError(errorMessage(err)),
    );
  }

  const { setCursor } = selection;
  const openPhoto = useCallback(
    (path: string) => {
      setCursor(path);
      setView({ kind: 'photo', path });
    },
    [setCursor],
  );
  const backToAlbum = useCallback(() => setView({ kind: 'album' }), []);
  const photoPath = view.kind === 'photo' ? view.path : null;
  const at = photoPath ? ordered.findIndex((p) => p.path === photoPath) : -1;
  const step = useCallback(
    (delta: -1 | 1) => {
      const next = ordered[at + delta];
      if (next) openPhoto(next.path);
    },
    [ordered, at, openPhoto],
  );
  const photo = photoPath ? photos.find((p) => p.path === photoPath) : undefined;

  const folder =
    state.kind === 'open' ? state.album.folder : state.kind === 'empty' ? null : state.folder;
  const run = batch.run;
  const trainedModels = settings.info?.trainedModels ?? null;
  const outputFolder = settings.info?.settings.outputFolder;
  return (
    <div className="app" {...drop.handlers}>
      <header className="toolbar">
        <h1 className="toolbar__title">Face Deblur</h1>
        <nav className="tabs" aria-label="Views">
          <button
            type="button"
            className="tabs__item"
            aria-current={view.kind !== 'settings' ? 'page' : undefined}
            onClick={backToAlbum}
          >
            Album
          </button>
          <button
            type="button"
            className="tabs__item"
            aria-current={view.kind === 'settings' ? 'page' : undefined}
            onClick={() => setView({ kind: 'settings' })}
          >
            Settings
          </button>
        </nav>
        <span className="toolbar__folder" title={folder ?? undefined} data-testid="album-folder">
          {folder}
          {state.kind === 'open' && ` · ${state.album.photos.length} photos`}
        </span>
        {trainedModels === false && (
          <button
            type="button"
            className="chip chip--warning"
            onClick={() => setView({ kind: 'settings' })}
            title="The installed networks are untrained stand-ins: see Settings"
          >
            Untrained models
          </button>
        )}
        <button
          type="button"
          className="button"
          aria-expanded={batchOpen}
          aria-controls={batchOpen ? 'batch-panel' : undefined}
          onClick={() => setBatchOpen((o) => !o)}
        >
          Batch
          {run && run.state !== 'done' && run.state !== 'cancelled' && (
            <span className="chip" data-testid="batch-chip">
              {run.finished}/{run.total}
            </span>
          )}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={chooseFolder}
          disabled={!info}
        >
          Open folder
        </button>
      </header>
      {pickError && (
        <p className="notice notice--error" role="alert">
          {pickError}
        </p>
      )}
      <div className="workspace">
        <main className="content">
          {error ? (
            <section className="status status--error" role="alert">
              <h2>The app’s services did not answer</h2>
              <p>{error}</p>
              <p className="hint">
                Restart the app; if it keeps happening, run it from a terminal to see why.
              </p>
            </section>
          ) : view.kind === 'settings' ? (
            <SettingsView
              settings={settings}
              nativeFolderDialog={info?.nativeFolderDialog ?? false}
            />
          ) : view.kind === 'photo' && photo && info ? (
            <PhotoView
              photo={photo}
              mediaBase={info.mediaBase}
              overrides={overrides.get(photo.path) ?? NO_OVERRIDES}
              onOverrides={(next) => setOverrides((prev) => new Map(prev).set(photo.path, next))}
              defaults={defaults}
              onDefaults={setDefaults}
              trainedModels={trainedModels}
              onExported={(path) => refresh([path])}
              onBack={backToAlbum}
              onStep={ordered.length > 1 && at >= 0 ? step : null}
            />
          ) : (
            <AlbumView
              library={library}
              mediaBase={info?.mediaBase ?? null}
              onOpenFolder={chooseFolder}
              onOpenPhoto={openPhoto}
              onBatch={() => setBatchOpen(true)}
            />
          )}
        </main>
        {batchOpen && (
          <div id="batch-panel" className="workspace__side">
            <BatchPanel
              batch={batch}
              selected={[...selection.selected]}
              album={photos.map((p) => p.path)}
              defaults={defaults}
              onDefaults={setDefaults}
              outputNote={
                outputFolder
                  ? `Outputs go to ${outputFolder}.`
                  : 'Outputs go to a “restored” folder next to the album.'
              }
              trainedModels={trainedModels}
              onClose={() => setBatchOpen(false)}
            />
          </div>
        )}
      </div>
      {drop.over && (
        <div className="drop-hint" aria-hidden="true">
          Drop a folder to open it
        </div>
      )}
      {askingPath && (
        <FolderPathDialog
          dropped={askingPath.dropped}
          recursive={library.recursive}
          onCancel={() => setAskingPath(null)}
          onOpen={(path, recursive) => {
            setAskingPath(null);
            openFolder(path, recursive);
          }}
        />
      )}
    </div>
  );
}
