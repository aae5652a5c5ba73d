// Builds the app and starts the loopback bridge with real services for the chromium-bridge
// project (e2e/support/bridge.ts). Tests read the launch URL from FACE_DEBLUR_E2E_URL.
import { buildApp, startE2eBridge } from './support/bridge.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildApp();
  const bridge = await startE2eBridge();
  process.env.FACE_DEBLUR_E2E_URL = bridge.launchUrl;
  return () => bridge.close();
}
