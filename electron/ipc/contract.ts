/**
 * The registry of the IPC contract: every channel and event the renderer can use, defined once
 * and shared by main (electron/main/ipc.ts), the preload (electron/preload/index.ts), the
 * loopback bridge (electron/bridge/) and the renderer's client (renderer/src/api.ts, types only).
 * To add a channel: electron/ipc/README.md.
 */
import type { z } from 'zod';
import type { Envelope } from './wire.js';
import { albumOpen } from './channels/albumOpen.js';
import { appInfo } from './channels/appInfo.js';
import { folderPick } from './channels/folderPick.js';
import { batchCancel, batchPause, batchResume, batchStart } from './channels/batch.js';
import { faceRestore, faceRestoreCancel } from './channels/faceRestore.js';
import { folderReveal } from './channels/folderReveal.js';
import { photoExport } from './channels/photoExport.js';
import { photoFacts } from './channels/photoFacts.js';
import { photoOpen } from './channels/photoOpen.js';
import { photoRestorePreview } from './channels/photoRestorePreview.js';
import { settingsGet, settingsSet } from './channels/settings.js';
import { albumScanProgress } from './events/albumScanProgress.js';
import { batchProgress } from './events/batchProgress.js';

export const channels = {
  appInfo,
  folderPick,
  albumOpen,
  photoFacts,
  photoOpen,
  faceRestore,
  faceRestoreCancel,
  photoRestorePreview,
  photoExport,
  batchStart,
  batchPause,
  batchResume,
  batchCancel,
  settingsGet,
  settingsSet,
  folderReveal,
} as const;

export const events = {
  albumScanProgress,
  batchProgress,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type Events = typeof events;
export type EventName = keyof Events;

/** What a caller passes (before defaults/transforms) and what it gets back. */
export type ArgsOf<K extends ChannelName> = z.input<Channels[K]['args']>;
export type ResultOf<K extends ChannelName> = z.output<Channels[K]['result']>;
export type PayloadOf<E extends EventName> = z.output<Events[E]['payload']>;

export type Unsubscribe = () => void;

export type Subscribe = <E extends EventName>(
  event: E,
  listener: (payload: PayloadOf<E>) => void,
) => Unsubscribe;

/** The typed API the renderer's components use: one async method per channel, plus `on`. */
export type Api = {
  [K in ChannelName]: (args: ArgsOf<K>) => Promise<ResultOf<K>>;
} & { on: Subscribe };

/**
 * What the preload exposes as `window.faceDeblur`: the same methods, answering with the
 * envelope (Electron's contextBridge would strip an error's `code`, so renderer/src/api.ts
 * unwraps it on the renderer side, as it does for the bridge).
 */
export type PreloadApi = {
  [K in ChannelName]: (args: ArgsOf<K>) => Promise<Envelope<ResultOf<K>>>;
} & { on: Subscribe };

/**
 * What the preload exposes as `window.faceDeblurFiles`: the path of a file or folder dropped on
 * the window (no IPC channel: Electron's webUtils answers in the preload). `F` is the File type
 * each side compiles against: the DOM's in the renderer, Electron's in the preload.
 */
export interface DroppedFiles<F> {
  /** '' for a File the page made itself (only dropped or chosen files have a path). */
  pathForFile: (file: F) => string;
}

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

export type { Album, Photo } from './channels/albumOpen.js';
export type { FaceInfo } from './channels/photoOpen.js';
export type { PhotoFacts } from './channels/photoFacts.js';
export type { AppSettings } from './channels/settings.js';
export type {
  EncodedImage,
  FaceSettings,
  KernelSizeSetting,
  PhotoSettings,
} from './channels/shared.js';
export { IpcError, wire, unwrap, type Envelope, type IpcErrorInfo } from './wire.js';
