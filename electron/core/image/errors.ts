/**
 * Per-file failures of the image layer, as values a batch can report and carry on from: `code`
 * is stable for scripts (--json), `message` says which file, what was wrong and what to do.
 */
export type PhotoErrorCode =
  | 'unreadable'
  | 'empty'
  | 'not-an-image'
  | 'unsupported'
  | 'corrupt'
  | 'too-large'
  | 'too-small'
  | 'write-failed';

export class PhotoError extends Error {
  constructor(
    readonly code: PhotoErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'PhotoError';
  }
}
