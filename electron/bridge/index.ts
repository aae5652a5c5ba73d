/**
 * Entry of the bridge bundle (dist/electron/bridge.mjs), loaded by scripts/start.mjs in browser
 * mode: everything needed to serve the app without Electron.
 */
export { startBridge, type Bridge, type BridgeOptions } from './server.js';
export { closeServices, createServices } from '../ipc/server/handlers.js';
