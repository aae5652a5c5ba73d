import { useState, type DragEvent } from 'react';

export interface FolderDrop {
  /** True while files are dragged over the window (the drop hint shows). */
  over: boolean;
  handlers: {
    onDragOver: (e: DragEvent) => void;
    onDragLeave: (e: DragEvent) => void;
    onDrop: (e: DragEvent) => void;
  };
}

/**
 * Dropping a folder on the window. A web page learns only the dropped item's name, never its
 * path; Electron's File used to carry `path` and a preload may still add it. With a path the
 * folder opens; with only a name the caller asks for the path, naming what was dropped.
 */
export function useFolderDrop(
  onPath: (folder: string) => void,
  onNameOnly: (name: string) => void,
): FolderDrop {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver: (e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      },
      onDragLeave: (e) => {
        // Leaving for a child element is not leaving the window.
        if (e.relatedTarget === null) setOver(false);
      },
      onDrop: (e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0] as (File & { path?: string }) | undefined;
        if (!file) return;
        if (file.path) onPath(file.path);
        else onNameOnly(file.name);
      },
    },
  };
}
