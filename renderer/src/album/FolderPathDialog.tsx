import { useEffect, useRef, useState, type FormEvent } from 'react';

interface Props {
  onOpen: (folder: string) => void;
  onCancel: () => void;
  /** The name of a folder dropped on the window, whose path the browser does not give. */
  dropped?: string | null;
}

/**
 * Browser mode has no native folder dialog (a web page cannot read local paths), so the user
 * types the folder's path; main checks it exists before anything is served from it.
 */
export function FolderPathDialog({ onOpen, onCancel, dropped }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [folder, setFolder] = useState('');

  useEffect(() => {
    const el = dialog.current;
    el?.showModal();
    return () => el?.close();
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (folder.trim()) onOpen(folder.trim());
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="folder-path-title" onCancel={onCancel}>
      <form onSubmit={submit}>
        <h2 id="folder-path-title">Open folder</h2>
        {dropped && (
          <p className="hint">
            You dropped “{dropped}”. A browser window is not told where a dropped folder is: type
            its full path.
          </p>
        )}
        <label className="field">
          <span>Folder path on this computer</span>
          <input
            name="folder"
            type="text"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/home/you/Pictures"
            autoComplete="off"
            spellCheck={false}
            autoFocus
          />
        </label>
        <p className="hint">Sub-folders are included. Images stay where they are.</p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!folder.trim()}>
            Open
          </button>
        </div>
      </form>
    </dialog>
  );
}
