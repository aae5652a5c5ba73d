/**
 * The allow-list behind the media route: files may be served only from folders the user opened.
 * Every request path is resolved to its real path (symlinks followed, `..` collapsed) and must
 * then lie inside the real path of an opened folder, so neither traversal (`a/../../etc`) nor a
 * symlink pointing out of the folder can escape. Electron's protocol handler and the bridge's
 * HTTP route both call `resolve`, so the rule exists once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AlbumError } from './errors.js';
import { isImageFile } from './imageFiles.js';

/** True when `child` is `parent` itself or lies below it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function realPathOf(requested: string): Promise<string> {
  try {
    return await fs.realpath(requested);
  } catch {
    throw new AlbumError('not-found', `No such file or folder: ${requested}`);
  }
}

export class OpenedFolders {
  readonly #roots = new Set<string>();

  /** Adds a folder (by its real path) and returns that real path. */
  async allow(folder: string): Promise<string> {
    if (!path.isAbsolute(folder)) {
      throw new AlbumError('invalid-path', `Give an absolute folder path, not "${folder}".`);
    }
    const real = await realPathOf(folder);
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) {
      throw new AlbumError('not-a-folder', `${folder} is a file; choose the folder that holds it.`);
    }
    this.#roots.add(real);
    return real;
  }

  get folders(): readonly string[] {
    return [...this.#roots];
  }

  /**
   * The real path of an image file inside an opened folder, or an AlbumError:
   * 'invalid-path' (relative, NUL), 'outside' (not under an opened folder), 'not-found',
   * 'not-image' (a folder or a file that is not an image).
   */
  async resolve(requested: string): Promise<string> {
    if (requested.includes('\0') || !path.isAbsolute(requested)) {
      throw new AlbumError('invalid-path', 'Media paths must be absolute file paths.');
    }
    // Checked before touching the disk, so probing paths outside cannot tell what exists there.
    const lexical = path.resolve(requested);
    if (!this.#isAllowed(lexical)) throw outside(requested);
    const real = await realPathOf(lexical);
    if (!this.#isAllowed(real)) throw outside(requested);
    const stat = await fs.stat(real);
    if (!stat.isFile() || !isImageFile(real)) {
      throw new AlbumError('not-image', `${requested} is not an image file.`);
    }
    return real;
  }

  #isAllowed(p: string): boolean {
    for (const root of this.#roots) if (isInside(root, p)) return true;
    return false;
  }
}

function outside(requested: string): AlbumError {
  return new AlbumError(
    'outside',
    `${requested} is outside the folders opened in this session; open its folder first.`,
  );
}
