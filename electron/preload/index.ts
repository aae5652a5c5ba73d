// The preload of the main window: runs sandboxed (a single bundled CJS file, no Node) and exposes
// the typed API of the IPC contract through contextBridge, plus the paths of dropped files
// (webUtils works only here), and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { droppedFiles } from './droppedFiles.js';
import { exposedApi } from './exposedApi.js';

contextBridge.exposeInMainWorld('faceDeblur', exposedApi(ipcRenderer));
contextBridge.exposeInMainWorld('faceDeblurFiles', droppedFiles(webUtils));
