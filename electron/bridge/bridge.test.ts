// Real HTTP requests against a real bridge with the real album services.
import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../core/paths.js';
import { createServices } from '../ipc/server/handlers.js';
import { startBridge, type Bridge } from './server.js';

const photos = path.join(sharedDataDir(), 'photos');
// The first portrait photo: a real file inside the folder the test opens.
const portrait = readdirSync(path.join(photos, 'portrait'))
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .sort()[0];
if (!portrait) throw new Error(`No photos in ${photos}/portrait: is ../shared present?`);
const inside = path.join(photos, 'portrait', portrait);
let tmp: string;
let bridge: Bridge;
let port: number;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request, so Host/Origin can be forged the way a hostile page or rebinding would. */
function request(
  pathName: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathName,
        method,
        headers: { host: `127.0.0.1:${port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const auth = () => ({ 'x-face-deblur-token': bridge.token });
const ipc = (name: string, args: unknown, headers: Record<string, string> = auth()) =>
  request(`/ipc/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
const media = (file: string, headers: Record<string, string> = auth()) =>
  request(`/media/thumb?path=${encodeURIComponent(file)}`, { headers });

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fd-bridge-'));
  const rendererDir = path.join(tmp, 'renderer');
  await fs.mkdir(rendererDir);
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startBridge({
    rendererDir,
    services: createServices(path.join(tmp, 'cache')),
    app: { name: 'face-deblur', version: '0.0.0-test' },
  });
  port = Number(new URL(bridge.origin).port);
});
afterAll(async () => {
  await bridge.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('bridge access rules', () => {
  it('listens on 127.0.0.1 with a random port and a long random token', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(port).toBeGreaterThan(0);
    expect(bridge.token.length).toBeGreaterThanOrEqual(43); // 32 random bytes
  });

  it('refuses every route without the token', async () => {
    expect((await request('/')).status).toBe(401);
    expect((await request('/index.html')).status).toBe(401);
    expect((await ipc('appInfo', {}, {})).status).toBe(401);
    expect((await media(inside, {})).status).toBe(401);
    expect((await request('/events')).status).toBe(401);
    expect(
      (await request('/', { headers: { 'x-face-deblur-token': 'x'.repeat(43) } })).status,
    ).toBe(401);
    expect((await request('/?token=wrong')).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding), Origin or Sec-Fetch-Site, even with the token', async () => {
    expect(
      (await request('/', { headers: { ...auth(), host: `evil.example:${port}` } })).status,
    ).toBe(421);
    expect((await request('/', { headers: { ...auth(), host: `localhost:${port}` } })).status).toBe(
      421,
    );
    expect((await ipc('appInfo', {}, { ...auth(), origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect(
      (await ipc('appInfo', {}, { ...auth(), origin: `http://localhost:${port}` })).status,
    ).toBe(403);
    expect((await ipc('appInfo', {}, { ...auth(), 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
    expect((await ipc('appInfo', {}, { ...auth(), origin: bridge.origin })).status).toBe(200);
  });

  it('logs a browser in through the one-time launch URL with an HttpOnly SameSite cookie', async () => {
    const launch = await request(
      new URL(bridge.launchUrl).pathname + new URL(bridge.launchUrl).search,
    );
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toBe('/');
    const cookie = launch.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request('/', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>t</title>');
  });

  it('serves documents with a strict Content-Security-Policy', async () => {
    const page = await request('/', { headers: auth() });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('refuses renderer asset paths that leave the renderer folder', async () => {
    expect((await request('/%2e%2e/%2e%2e/etc/passwd', { headers: auth() })).status).toBe(404);
    expect((await request('/..%2fcache', { headers: auth() })).status).toBe(404);
  });

  it('takes IPC calls only as POST application/json', async () => {
    expect((await request('/ipc/appInfo', { headers: auth() })).status).toBe(405);
    const form = await request('/ipc/appInfo', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });
});

describe('bridge IPC and media', () => {
  it('answers the contract: appInfo, validation errors, unknown channels', async () => {
    const info = JSON.parse((await ipc('appInfo', {})).body.toString());
    expect(info).toMatchObject({
      ok: true,
      value: { mode: 'bridge', nativeFolderDialog: false, mediaBase: '/media' },
    });
    const bad = JSON.parse((await ipc('albumOpen', { folder: 42 })).body.toString());
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    const unknown = JSON.parse((await ipc('deleteEverything', {})).body.toString());
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const pick = JSON.parse((await ipc('folderPick', {})).body.toString());
    expect(pick).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('refuses media outside opened folders, then serves it once its folder is opened', async () => {
    expect((await media(inside)).status).toBe(403);
    const events = new Promise<string>((resolve) => {
      http.get(
        {
          host: '127.0.0.1',
          port,
          path: '/events',
          headers: { host: `127.0.0.1:${port}`, ...auth() },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('"done":true')) {
              res.destroy();
              resolve(text);
            }
          });
        },
      );
    });
    await new Promise((r) => setTimeout(r, 100)); // let the event stream connect first
    const opened = JSON.parse((await ipc('albumOpen', { folder: photos })).body.toString());
    expect(opened.ok).toBe(true);
    expect(opened.value.photos).toHaveLength(64);
    expect(await events).toContain('event: albumScanProgress');

    const thumb = await media(inside);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(thumb.body).metadata()).width).toBeGreaterThan(0);
    expect((await media(`${photos}/../SOURCES.md`)).status).toBe(403);
    expect((await media(`${photos}/../../../../etc/passwd`)).status).toBe(403);
    expect((await media('/etc/passwd')).status).toBe(403);
  });
});
