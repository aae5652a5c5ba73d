import { useState } from 'react';
import { api } from '../api.js';
import { AlbumView } from '../album/AlbumView.js';
import { FolderPathDialog } from '../album/FolderPathDialog.js';
import { useAlbum } from '../album/useAlbum.js';
import { useAppInfo } from './useAppInfo.js';

/** The window: a toolbar with the album's folder and "Open folder", the album below. */
export function App() {
  const { info, error } = useAppInfo();
  const { state, open } = useAlbum();
  const [askingPath, setAskingPath] = useState(false);

  function chooseFolder() {
    if (!info) return;
    if (!info.nativeFolderDialog) {
      setAskingPath(true);
      return;
    }
    api.folderPick({}).then(({ folder }) => folder && open(folder), console.error);
  }

  const folder =
    state.kind === 'open' ? state.album.folder : state.kind === 'empty' ? null : state.folder;
  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="toolbar__title">Face Deblur</h1>
        <span className="toolbar__folder" title={folder ?? undefined}>
          {folder}
          {state.kind === 'open' && ` · ${state.album.photos.length} photos`}
        </span>
        <button
          type="button"
          className="button button--primary"
          onClick={chooseFolder}
          disabled={!info}
        >
          Open folder
        </button>
      </header>
      <main className="content">
        {error ? (
          <p className="status status--error" role="alert">
            The app's services did not answer: {error}
          </p>
        ) : (
          <AlbumView
            state={state}
            mediaBase={info?.mediaBase ?? null}
            onOpenFolder={chooseFolder}
          />
        )}
      </main>
      {askingPath && (
        <FolderPathDialog
          onCancel={() => setAskingPath(false)}
          onOpen={(path) => {
            setAskingPath(false);
            open(path);
          }}
        />
      )}
    </div>
  );
}
