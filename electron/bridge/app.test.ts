// The desktop app's channels through real HTTP against a real bridge with the real services:
// real photos (../shared/data/photos), real MediaPipe detection in its worker, the real ONNX
// models of models/, sharp decoding every image that comes back.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDetector } from '../core/faces/index.js';
import { sharedDataDir } from '../core/paths.js';
import { createServices, type Services } from '../ipc/server/handlers.js';
import type { EncodedImage } from '../ipc/contract.js';
import { startBridge, type Bridge } from './server.js';
import { bridgeClient, type BridgeClient } from './testing/client.js';

const photos = path.join(sharedDataDir(), 'photos');
/** 1280x886, six people round a table: medium faces (SOURCES.md). */
const group = path.join(photos, 'group', 'insightface_t1.jpg');

let tmp: string;
let services: Services;
let bridge: Bridge;
let api: BridgeClient;

const decode = async (image: EncodedImage) => {
  const meta = await sharp(Buffer.from(image.base64, 'base64')).metadata();
  expect(meta.format).toBe(image.mime === 'image/png' ? 'png' : 'jpeg');
  expect([meta.width, meta.height]).toEqual([image.width, image.height]);
  return meta;
};

beforeAll(async () => {
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'fd-app-')));
  await fs.mkdir(path.join(tmp, 'renderer'));
  await fs.writeFile(path.join(tmp, 'renderer', 'index.html'), '<!doctype html>');
  services = createServices(path.join(tmp, 'cache'));
  bridge = await startBridge({
    rendererDir: path.join(tmp, 'renderer'),
    services,
    app: { name: 'face-deblur', version: '0.0.0-test' },
  });
  api = await bridgeClient(bridge);
  await api.ok('albumOpen', { folder: photos });
});
afterAll(async () => {
  api.close();
  await bridge.close();
  await services.models.close();
  await closeSharedDetector();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('photoOpen and faceRestore', () => {
  it('opens a group photo: oriented size, faces with boxes inside the photo and blur scores', async () => {
    const photo = await api.ok('photoOpen', { path: group });
    expect([photo.width, photo.height, photo.format, photo.bitDepth]).toEqual([
      1280,
      886,
      'jpeg',
      8,
    ]);
    expect(photo.tone).toBe('color');
    expect(photo.faces.length).toBeGreaterThanOrEqual(5);
    for (const face of photo.faces) {
      expect(face.box.width).toBeGreaterThan(20);
      expect(face.box.x + face.box.width / 2).toBeGreaterThan(0);
      expect(face.box.x + face.box.width / 2).toBeLessThan(photo.width);
      expect(face.sharpness).toBeGreaterThan(0);
    }
    expect(photo.faces.map((f) => f.id)).toEqual(photo.faces.map((_, i) => i));
    expect(photo.restoredPath).toBeNull();
  });

  it('restores one face: decodable PNGs of crop size, an enlarged kernel whose weights sum to 1', async () => {
    const r = await api.ok('faceRestore', {
      path: group,
      requestId: 'r1',
      settings: { faceId: 0, kernelSize: 21, strength: 0.5 },
    });
    for (const image of [r.blurry, r.sketch, r.x0, r.final]) {
      expect([image.width, image.height]).toEqual([200, 240]);
      await decode(image);
    }
    expect((await decode(r.sketch)).channels).toBe(1);
    expect(r.kernelSize).toBe(21);
    expect(r.kernelWeights).toHaveLength(21 * 21);
    expect(r.kernelWeights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 3);
    // 21 px enlarged 8x (nearest) to 168 px; its brightest pixel is the largest tap.
    expect([r.kernelImage.width, r.kernelImage.height]).toEqual([168, 168]);
    expect((await decode(r.kernelImage)).channels).toBe(1);
    const kernel = await sharp(Buffer.from(r.kernelImage.base64, 'base64'))
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Math.max(...kernel.data)).toBe(255);
    const peak = r.kernelWeights.indexOf(Math.max(...r.kernelWeights));
    const [py, px] = [Math.floor(peak / 21), peak % 21];
    expect(kernel.data[(py * 8 + 4) * 168 + px * 8 + 4]).toBe(255);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.trainedModels).toBe(true);
    expect(r.timings.sketch).toBeGreaterThan(0);
  });

  it('a newer request for the same face cancels the older one; faceRestoreCancel cancels', async () => {
    const settings = { faceId: 1 };
    const first = api.call('faceRestore', { path: group, requestId: 'a', settings });
    await new Promise((r) => setTimeout(r, 20)); // let the first one arrive first
    const second = api.call('faceRestore', { path: group, requestId: 'b', settings });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(b.ok).toBe(true);

    const third = api.call('faceRestore', { path: group, requestId: 'c', settings });
    await new Promise((r) => setTimeout(r, 20));
    expect(await api.ok('faceRestoreCancel', { requestId: 'c' })).toEqual({ cancelled: true });
    expect(await third).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await api.ok('faceRestoreCancel', { requestId: 'c' })).toEqual({ cancelled: false });
  });

  it('refuses paths outside the opened album, missing faces and bad files with codes', async () => {
    const outside = await api.call('photoOpen', { path: path.join(sharedDataDir(), 'x.jpg') });
    expect(outside).toMatchObject({ ok: false, error: { code: 'outside' } });
    const escape = await api.call('photoOpen', { path: `${photos}/../../../../etc/passwd` });
    expect(escape).toMatchObject({ ok: false, error: { code: 'outside' } });
    const relative = await api.call('faceRestore', {
      path: 'group/insightface_t1.jpg',
      requestId: 'x',
      settings: { faceId: 0 },
    });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid-path' } });
    const noFace = await api.call('faceRestore', {
      path: group,
      requestId: 'y',
      settings: { faceId: 99 },
    });
    expect(noFace).toMatchObject({ ok: false, error: { code: 'no-such-face' } });
    const badKernel = await api.call('faceRestore', {
      path: group,
      requestId: 'z',
      settings: { faceId: 0, kernelSize: 12 },
    });
    expect(badKernel).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });
});

describe('settings', () => {
  it('reports the provider and the models, and persists changes across a restart', async () => {
    const got = await api.ok('settingsGet', {});
    expect(got.settings).toEqual({
      outputFolder: null,
      format: 'same',
      provider: 'auto',
      threads: 0,
    });
    expect(got.activeProvider).toBe('cpu'); // no CUDA provider on this machine
    expect(got.providerReason).toMatch(/CUDA provider not installed/);
    expect(got.trainedModels).toBe(true);
    const set = await api.ok('settingsSet', { format: 'png', provider: 'cpu', threads: 1 });
    expect(set.settings).toMatchObject({ format: 'png', provider: 'cpu', threads: 1 });
    expect(set.providerReason).toMatch(/CPU chosen/);
    const restarted = createServices(path.join(tmp, 'cache'));
    expect(await restarted.settings.get()).toEqual(set.settings);
    const bad = await api.call('settingsSet', { threads: -1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    await api.ok('settingsSet', { format: 'same', provider: 'auto', threads: 0 });
  });
});
