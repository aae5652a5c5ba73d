/**
 * Errors the app's services throw towards the renderer. The IPC dispatcher forwards any error's
 * string `code` and its message, so every failure here names what went wrong and what to do.
 * `toAppError` gives the errors of other core modules (models) a code too; PhotoError and
 * AlbumError already carry theirs.
 */
import { PhotoError, type PhotoErrorCode } from '../image/errors.js';
import { ModelsUnavailableError } from '../inference/models.js';
import { ModelFileError } from '../inference/session.js';

export type AppErrorCode =
  | 'cancelled'
  | 'exists'
  | 'no-faces'
  | 'no-such-face'
  | 'face-too-small'
  | 'models-missing'
  | 'no-such-batch'
  | 'invalid-settings'
  | 'write-failed';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const cancelled = (what: string): AppError =>
  new AppError('cancelled', `${what} was cancelled by a newer request or by the user.`);

/** What the user can do about a photo the image layer refused (its message says what is wrong). */
const PHOTO_ADVICE: Partial<Record<PhotoErrorCode, string>> = {
  empty: 'Copy it again from its source (camera card, backup).',
  corrupt: 'Copy it again from its source (camera card, backup); this copy cannot be restored.',
  unsupported: 'Convert it to JPEG, PNG or TIFF first.',
};

/**
 * Model loading failures become 'models-missing' with the loader's own explanation; photo
 * refusals keep their code and get advice added where their message has none.
 */
export function toAppError(err: unknown): unknown {
  if (err instanceof PhotoError) {
    const advice = PHOTO_ADVICE[err.code];
    return advice
      ? new PhotoError(err.code, err.file, `${err.message.slice(err.file.length + 2)} ${advice}`, {
          cause: err,
        })
      : err;
  }
  if (err instanceof ModelsUnavailableError || err instanceof ModelFileError) {
    return new AppError(
      'models-missing',
      `${err.message} Faces cannot be restored until the models are installed (models/README.md).`,
      { cause: err },
    );
  }
  return err;
}
