import type { PathForFile } from '../api.js';

/** What a drop gave: a path to open, or only the name of what was dropped. */
export type Dropped = { kind: 'path'; path: string } | { kind: 'name'; name: string };

/** The part of a DataTransfer a drop is read from. */
export interface DroppedData {
  types: readonly string[];
  files: ArrayLike<File>;
}

/**
 * Reads a drop. In Electron the preload resolves a dropped File to its path; a web page (the
 * bridge in a browser) learns only the name, and so does Electron for a File it cannot place
 * (the resolver answers ''). Null when no file was dropped.
 */
export function readDrop(data: DroppedData, resolve: PathForFile | null): Dropped | null {
  if (!data.types.includes('Files')) return null;
  const file = data.files[0];
  if (!file) return null;
  const path = resolve?.(file) ?? '';
  return path ? { kind: 'path', path } : { kind: 'name', name: file.name };
}
