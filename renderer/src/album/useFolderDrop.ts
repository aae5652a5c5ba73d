import { useState, type DragEvent } from 'react';
import { pathForFile as hostPathForFile, type PathForFile } from '../api.js';
import { readDrop } from './readDrop.js';

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
 * Dropping a folder on the window. With a path the folder opens; with only a name the caller
 * asks for the path, naming what was dropped. `resolve` defaults to the host's (api.ts).
 */
export function useFolderDrop(
  onPath: (folder: string) => void,
  onNameOnly: (name: string) => void,
  resolve: PathForFile | null = hostPathForFile,
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
        const dropped = readDrop(e.dataTransfer, resolve);
        if (dropped?.kind === 'path') onPath(dropped.path);
        else if (dropped) onNameOnly(dropped.name);
      },
    },
  };
}
