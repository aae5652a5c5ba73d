// The preload of the main window: runs sandboxed (a single bundled CJS file, no Node) and exposes
// the typed API of the IPC contract through contextBridge, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { exposedApi } from './exposedApi.js';

contextBridge.exposeInMainWorld('faceDeblur', exposedApi(ipcRenderer));
