/**
 * The album service used by every host (Electron main, the bridge, tests): opening a folder
 * allow-lists it for the media route and scans it. One instance per app session.
 */
import path from 'node:path';
import { OpenedFolders } from './openedFolders.js';
import { serveMedia, type MediaResponse } from './media.js';
import { scanFolder, type ScanResult } from './scan.js';
import { RenditionCache } from './thumbnails.js';

export interface OpenedAlbum extends ScanResult {
  folder: string;
}

export class AlbumService {
  readonly folders = new OpenedFolders();
  readonly renditions: RenditionCache;

  /** `cacheDir`: where thumbnails and previews are kept between sessions. */
  constructor(cacheDir: string) {
    this.renditions = new RenditionCache(path.join(cacheDir, 'renditions'));
  }

  /** `recursive` (default true): include the photos of sub-folders. */
  async open(
    folder: string,
    onProgress?: (found: number, done: boolean) => void,
    { recursive = true }: { recursive?: boolean } = {},
  ): Promise<OpenedAlbum> {
    const real = await this.folders.allow(folder);
    const scan = await scanFolder(real, { onProgress, ...(recursive ? {} : { maxDepth: 0 }) });
    return { folder: real, ...scan };
  }

  media(rendition: string, file: string | null): Promise<MediaResponse> {
    return serveMedia(this.folders, this.renditions, rendition, file);
  }
}
