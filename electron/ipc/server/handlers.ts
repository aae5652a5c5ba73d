/**
 * Handlers shared by Electron main and the bridge: everything that does not depend on which
 * host answers. Each host adds its own host-specific ones (appInfo, folderPick) on top.
 */
import { AlbumService } from '../../core/album/album.js';
import type { Handlers } from './dispatch.js';

/** The services a host creates once per session and hands to the handlers. */
export interface Services {
  album: AlbumService;
}

/** `cacheDir`: where the services keep data between sessions (thumbnails, ...). */
export function createServices(cacheDir: string): Services {
  return { album: new AlbumService(cacheDir) };
}

export type HostHandlers = Pick<Handlers, 'appInfo' | 'folderPick'>;
export type SharedHandlers = Omit<Handlers, keyof HostHandlers>;

export function sharedHandlers(services: Services): SharedHandlers {
  return {
    albumOpen: async ({ folder }, ctx) => {
      const album = await services.album.open(folder, (found, done) =>
        ctx.emit('albumScanProgress', { folder, found, done }),
      );
      return album;
    },
  };
}
