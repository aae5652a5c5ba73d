/**
 * Errors of the album module carry a machine-readable `code` (sent to the renderer through the
 * IPC envelope and mapped to HTTP statuses by the media route) and a message saying which
 * path was wrong and what to do.
 */
export type AlbumErrorCode =
  'invalid-path' | 'not-found' | 'not-a-folder' | 'outside' | 'not-image';

export class AlbumError extends Error {
  readonly code: AlbumErrorCode;
  constructor(code: AlbumErrorCode, message: string) {
    super(message);
    this.name = 'AlbumError';
    this.code = code;
  }
}
