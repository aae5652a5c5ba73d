/**
 * Builds the object the preload exposes as `window.faceDeblurFiles`: the path of a file or
 * folder dropped on the window. Since Electron 32 a dropped File no longer carries `path`;
 * `webUtils.getPathForFile` is the way, and it exists only in the preload. Only a File the
 * page received from a drop or a file input has a path ('' for one the page made itself).
 * Kept apart from the contract's API: it is no IPC channel and never reaches main.
 */
import type { WebUtils } from 'electron';
import type { DroppedFiles } from '../ipc/contract.js';

export type WebUtilsPart = Pick<WebUtils, 'getPathForFile'>;
type DroppedFile = Parameters<WebUtils['getPathForFile']>[0];

export function droppedFiles(webUtils: WebUtilsPart): DroppedFiles<DroppedFile> {
  return Object.freeze({ pathForFile: (file: DroppedFile) => webUtils.getPathForFile(file) });
}
