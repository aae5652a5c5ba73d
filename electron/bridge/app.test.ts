/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results they just checked. */
// The desktop app's channels through real HTTP against a real bridge with the real services:
// real photos (../shared/data/photos), real MediaPipe detection in its worker, the real ONNX
// models of models/, sharp decoding every image that comes back.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProvenance } from '../core/image/provenance.js';
import { repoRoot, sharedDataDir } from '../core/paths.js';
import { faceSettingsSchema } from '../ipc/channels/shared.js';
import { closeServices, createServices, type Services } from '../ipc/server/handlers.js';
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
  await closeServices(services);
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

describe('models', () => {
  it('says plainly when the models are untrained stand-ins, or missing', async () => {
    const fixtures = path.join(repoRoot, 'electron', 'core', 'inference', 'test', 'fixtures');
    const untrained = createServices(path.join(tmp, 'cache-untrained'), { modelsDir: fixtures });
    await untrained.album.open(photos);
    const status = await untrained.models.status();
    expect(status.trainedModels).toBe(false);
    expect(status.modelsNote).toMatch(/UNTRAINED/);
    const r = await untrained.faces.restore(group, 'u', faceSettingsSchema.parse({ faceId: 0 }));
    expect(r.trainedModels).toBe(false);
    await untrained.models.close();

    // A damaged model file: the manifest looks fine, the load says what is wrong.
    const damaged = path.join(tmp, 'damaged-models');
    await fs.cp(fixtures, damaged, { recursive: true });
    await fs.appendFile(path.join(damaged, 'sketch_generator.onnx'), 'x');
    const corrupt = createServices(path.join(tmp, 'cache-damaged'), { modelsDir: damaged });
    await corrupt.album.open(photos);
    await expect(
      corrupt.faces.restore(group, 'd', faceSettingsSchema.parse({ faceId: 0 })),
    ).rejects.toMatchObject({ code: 'models-missing' });
    expect(await corrupt.models.status()).toMatchObject({
      trainedModels: false,
      modelsNote: expect.stringMatching(/sha256 .* does not match/),
    });

    const none = createServices(path.join(tmp, 'cache-none'), { modelsDir: tmp });
    await none.album.open(photos);
    expect(await none.models.status()).toMatchObject({ trainedModels: false });
    expect((await none.models.status()).modelsNote).toMatch(/No trained restoration models/);
    await expect(
      none.faces.restore(group, 'n', faceSettingsSchema.parse({ faceId: 0 })),
    ).rejects.toMatchObject({
      code: 'models-missing',
      message: expect.stringMatching(/until the models are installed/),
    });
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
    // New sessions on the new provider/threads; the retired ones were released.
    const r = await api.ok('faceRestore', { path: group, requestId: 's', settings: { faceId: 0 } });
    expect(r.final.width).toBe(200);
    expect(await api.ok('settingsGet', {})).toMatchObject({
      activeProvider: 'cpu',
      providerReason: expect.stringMatching(/CPU chosen/),
    });
    const restarted = createServices(path.join(tmp, 'cache'));
    expect(await restarted.settings.get()).toEqual(set.settings);
    const bad = await api.call('settingsSet', { threads: -1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    const relative = await api.call('settingsSet', { outputFolder: 'out' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    await api.ok('settingsSet', { format: 'same', provider: 'auto', threads: 0 });
  });

  it('has no file manager to reveal folders in bridge mode', async () => {
    expect(await api.ok('folderReveal', { path: photos })).toEqual({
      revealed: false,
      path: photos,
    });
  });
});

describe('compare preview, export, batch and facts on an album of real photos', () => {
  let album: string;
  let restored: string;
  const names = ['p0.jpg', 'p1.jpg', 'p2.jpg', 'sub/p3.jpg', 'sub/p4.jpg', 'sub/broken.jpg'];
  const at = (name: string) => path.join(album, name);

  beforeAll(async () => {
    album = path.join(tmp, 'album');
    restored = path.join(tmp, 'restored'); // the CLI's default: beside the album
    await fs.mkdir(path.join(album, 'sub'), { recursive: true });
    const portraits = ['deepface_img1.jpg', 'deepface_img3.jpg', 'deepface_img13.jpg'];
    for (const [i, name] of names.slice(0, 5).entries()) {
      const source = path.join(photos, 'portrait', portraits[i % portraits.length]!);
      // Small copies (and each a little different, so every input hash is distinct) keep the
      // batch quick on two busy cores.
      await sharp(source)
        .resize({ width: 420 })
        .modulate({ brightness: 1 + i / 50 })
        .jpeg({ quality: 92 })
        .toFile(at(name));
    }
    const whole = await fs.readFile(at('p0.jpg'));
    await fs.writeFile(at('sub/broken.jpg'), whole.subarray(0, whole.length / 3)); // truncated
    await fs.mkdir(path.join(album, 'bad'));
    await fs.writeFile(at('bad/empty.jpg'), '');
    await api.ok('albumOpen', { folder: album });
  });

  it('opens an album without sub-folders on request; refuses empty and truncated photos with advice', async () => {
    const flat = await api.ok('albumOpen', { folder: album, recursive: false });
    expect(flat.photos.map((p) => p.relativePath)).toEqual(['p0.jpg', 'p1.jpg', 'p2.jpg']);
    expect(flat.skipped).toEqual([]);
    const empty = await api.call('photoOpen', { path: at('bad/empty.jpg') });
    expect(empty).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(empty.ok ? '' : empty.error.message).toMatch(/empty \(0 bytes\).*Copy it again/);
    const broken = await api.call('photoOpen', { path: at('sub/broken.jpg') });
    expect(broken).toMatchObject({ ok: false, error: { code: 'corrupt' } });
  });

  it('previews before and after at the same size, restoring the face', async () => {
    const r = await api.ok('photoRestorePreview', {
      path: at('p0.jpg'),
      requestId: 'prev',
      settings: {},
      maxEdge: 256,
    });
    const [before, after] = [await decode(r.before), await decode(r.after)];
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    expect(Math.max(before.width, before.height)).toBe(256);
    expect(r.restoredFaces).toBeGreaterThanOrEqual(1);
    expect(r.faces[0]).toMatchObject({ id: 0, status: 'restored' });
    expect(r.after.base64).not.toBe(r.before.base64);
    expect(r.trainedModels).toBe(true);
  });

  it('exports beside the album with provenance XMP, and never overwrites', async () => {
    const r = await api.ok('photoExport', { path: at('p0.jpg'), settings: {} });
    expect(r.output).toBe(path.join(restored, 'p0.jpg'));
    expect(r.restoredFaces).toBeGreaterThanOrEqual(1);
    const meta = await sharp(r.output).metadata();
    expect(meta.format).toBe('jpeg');
    const xmp = readProvenance(meta.xmp);
    expect(xmp).toMatchObject({ Software: 'face-deblur', TrainedModels: 'true', Mode: 'faces' });
    const again = await api.call('photoExport', { path: at('p0.jpg'), settings: {} });
    expect(again).toMatchObject({ ok: false, error: { code: 'exists' } });
    expect(again.ok ? '' : again.error.message).toMatch(/never overwritten/);
    const bad = await api.call('photoExport', { path: at('sub/broken.jpg'), settings: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'corrupt' } });
    const opened = await api.ok('photoOpen', { path: at('p0.jpg') });
    expect(opened.restoredPath).toBe(r.output);
  });

  it('runs a batch: pause, resume, cancel midway; starting it again resumes it', async () => {
    const paths = names.map(at);
    const progress = (id: string) => api.events('batchProgress').filter((e) => e.batchId === id);
    const waitFor = async (id: string, test: (e: ReturnType<typeof progress>) => boolean) => {
      for (let waited = 0; !test(progress(id)); waited += 25) {
        if (waited > 60_000) throw new Error(`timed out: ${JSON.stringify(progress(id))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const statusOf = (id: string) => {
      const status = new Map<string, string>();
      for (const e of progress(id))
        for (const item of e.changed) status.set(item.path, item.status);
      return status;
    };
    const count = (id: string, s: string) =>
      [...statusOf(id).values()].filter((v) => v === s).length;

    const { batchId: first } = await api.ok('batchStart', { paths, settings: {} });
    await waitFor(first, (e) => e.some((x) => x.changed.some((i) => i.status === 'running')));
    expect(await api.ok('batchPause', { batchId: first })).toEqual({ state: 'paused' });
    const finishedWhenPaused = () => 6 - count(first, 'queued') - count(first, 'running');
    await waitFor(first, () => count(first, 'running') === 0); // the photo in flight finishes
    const settled = finishedWhenPaused();
    await new Promise((r) => setTimeout(r, 1500));
    expect(finishedWhenPaused()).toBe(settled); // nothing new started while paused
    expect(count(first, 'running')).toBe(0);

    expect(await api.ok('batchResume', { batchId: first })).toEqual({ state: 'running' });
    await waitFor(first, () => finishedWhenPaused() >= settled + 1);
    expect(await api.ok('batchCancel', { batchId: first })).toEqual({ state: 'cancelled' });
    await waitFor(first, (e) => e.at(-1)?.state === 'cancelled' && count(first, 'running') === 0);
    await waitFor(first, () => count(first, 'queued') === 0);
    expect(count(first, 'cancelled')).toBeGreaterThan(0);
    expect(progress(first).some((e) => e.etaMs !== null && e.etaMs > 0)).toBe(true);
    expect(progress(first)[0]!.outDir).toBe(restored);

    const elsewhere = path.join(tmp, 'elsewhere.jpg'); // not in an opened folder
    const { batchId: again } = await api.ok('batchStart', {
      paths: [...paths, elsewhere],
      settings: {},
    });
    await waitFor(again, (e) => e.at(-1)?.state === 'done');
    const items = new Map<string, { status: string; reason?: string; output?: string }>();
    for (const e of progress(again)) for (const item of e.changed) items.set(item.path, item);
    expect(items.get(at('p0.jpg'))).toMatchObject({ status: 'skipped' }); // exported before
    expect(items.get(at('sub/broken.jpg'))).toMatchObject({ status: 'failed' });
    expect(items.get(at('sub/broken.jpg'))!.reason).toMatch(/damaged or truncated/);
    const done = statusOf(first);
    for (const name of names.slice(0, 5)) {
      // Completed in the first run: skipped by the manifest; the others are done now.
      const expected = done.get(at(name)) === 'done' || name === 'p0.jpg' ? 'skipped' : 'done';
      expect([name, items.get(at(name))!.status]).toEqual([name, expected]);
      await expect(fs.stat(path.join(restored, name))).resolves.toBeTruthy();
    }
    expect(items.get(elsewhere)).toMatchObject({ status: 'failed' });
    expect(items.get(elsewhere)!.reason).toMatch(/outside the folders opened/);
    const last = progress(again).at(-1)!;
    expect([last.total, last.finished, last.failed]).toEqual([7, 7, 2]);
    const unknown = await api.call('batchPause', { batchId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'no-such-batch' } });
  });

  it('answers grid facts, cached on disk, with errors per photo', async () => {
    const paths = [at('p1.jpg'), at('sub/broken.jpg'), path.join(tmp, 'elsewhere.jpg')];
    const { facts } = await api.ok('photoFacts', { paths });
    expect(facts[0]).toMatchObject({ faceCount: 1, restored: true });
    expect(facts[0]!.sharpness).toBeGreaterThan(0);
    expect(facts[1]).toMatchObject({ faceCount: 0, sharpness: null, restored: false });
    expect(facts[1]!.error).toMatch(/damaged or truncated/);
    expect(facts[2]!.error).toMatch(/outside the folders opened/);
    const cache = JSON.parse(await fs.readFile(path.join(tmp, 'cache', 'facts.json'), 'utf8'));
    expect(Object.keys(cache.entries)).toContain(at('p1.jpg'));
    const started = performance.now();
    const again = await api.ok('photoFacts', { paths: paths.slice(0, 2) });
    expect(performance.now() - started).toBeLessThan(500); // no second analysis
    expect(again.facts).toEqual(facts.slice(0, 2));
    // An edited photo (new mtime) is analysed again.
    const edited = new Date(Date.now() + 60_000);
    await fs.utimes(at('p1.jpg'), edited, edited);
    await api.ok('photoFacts', { paths: [at('p1.jpg')] });
    const recached = JSON.parse(await fs.readFile(path.join(tmp, 'cache', 'facts.json'), 'utf8'));
    expect(recached.entries[at('p1.jpg')].mtimeMs).toBe((await fs.stat(at('p1.jpg'))).mtimeMs);
  });
});
