import { useEffect, useRef, useState, type FormEvent } from 'react';

interface Props {
  onOpen: (folder: string, recursive: boolean) => void;
  onCancel: () => void;
  /** The name of a folder dropped on the window, whose path the browser does not give. */
  dropped?: string | null;
  /** The sub-folder option's initial state (the last one used). */
  recursive: boolean;
}

/**
 * Browser mode has no native folder dialog (a web page cannot read local paths), so the user
 * types the folder's path; main checks it exists before anything is served from it.
 */
export function FolderPathDialog({ onOpen, onCancel, dropped, recursive: initial }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [folder, setFolder] = useState('');
  const [recursive, setRecursive] = useState(initial);

  useEffect(() => {
    const el = dialog.current;
    el?.showModal();
    return () => el?.close();
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (folder.trim()) onOpen(folder.trim(), recursive);
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
        <label className="check dialog__check">
          <input
            type="checkbox"
            checked={recursive}
            onChange={(e) => setRecursive(e.target.checked)}
          />
          Include sub-folders
        </label>
        <p className="hint">Images stay where they are: restored copies are written elsewhere.</p>
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
