import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../paths.js';
import { AlbumService } from './album.js';
import { mediaUrl } from './media.js';
import { OpenedFolders } from './openedFolders.js';
import { scanFolder } from './scan.js';

const photos = path.join(sharedDataDir(), 'photos');
let tmp: string;
let album: string; // an opened folder with one small image
let secret: string; // an image next to it, never opened

beforeAll(async () => {
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'fd-album-')));
  album = path.join(tmp, 'album');
  await fs.mkdir(path.join(album, 'sub', '.hidden'), { recursive: true });
  const png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: '#c84' },
  })
    .png()
    .toBuffer();
  await fs.writeFile(path.join(album, 'a.png'), png);
  await fs.writeFile(path.join(album, 'sub', 'b.PNG'), png);
  await fs.writeFile(path.join(album, 'sub', '.hidden', 'c.png'), png);
  await fs.writeFile(path.join(album, 'notes.txt'), 'not an image');
  secret = path.join(tmp, 'secret.png');
  await fs.writeFile(secret, png);
  await fs.symlink(secret, path.join(album, 'link-out.png'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('OpenedFolders', () => {
  it('serves a file inside an opened folder and refuses everything else', async () => {
    const folders = new OpenedFolders();
    await folders.allow(album);
    await expect(folders.resolve(path.join(album, 'a.png'))).resolves.toBe(
      path.join(album, 'a.png'),
    );
    const refusal = (p: string) => folders.resolve(p).catch((e: { code: string }) => e.code);
    expect(await refusal(secret)).toBe('outside');
    expect(await refusal(`${album}/../secret.png`)).toBe('outside');
    expect(await refusal(`${album}/sub/../../secret.png`)).toBe('outside');
    expect(await refusal(path.join(album, 'link-out.png'))).toBe('outside'); // symlink escape
    expect(await refusal('/etc/passwd')).toBe('outside');
    expect(await refusal('a.png')).toBe('invalid-path');
    expect(await refusal(`${album}/a.png\0.png`)).toBe('invalid-path');
    expect(await refusal(path.join(album, 'notes.txt'))).toBe('not-image');
    expect(await refusal(path.join(album, 'sub'))).toBe('not-image');
    expect(await refusal(path.join(album, 'missing.png'))).toBe('not-found');
  });

  it('refuses to open a relative path, a missing folder or a file', async () => {
    const folders = new OpenedFolders();
    const refusal = (p: string) => folders.allow(p).catch((e: { code: string }) => e.code);
    expect(await refusal('photos')).toBe('invalid-path');
    expect(await refusal(path.join(tmp, 'nope'))).toBe('not-found');
    expect(await refusal(secret)).toBe('not-a-folder');
    expect(folders.folders).toEqual([]);
  });
});

describe('scanFolder', () => {
  it('lists images recursively, skipping hidden entries, symlinks and non-images', async () => {
    const progress: [number, boolean][] = [];
    const scan = await scanFolder(album, { onProgress: (n, d) => progress.push([n, d]) });
    expect(scan.photos.map((p) => p.relativePath)).toEqual(['a.png', 'sub/b.PNG']);
    expect(scan.photos[0]?.bytes).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual([2, true]);
  });

  it('finds every photo of the shared photo set', async () => {
    const scan = await scanFolder(photos);
    // shared/data/photos/SOURCES.md: 64 files in six category folders.
    expect(scan.photos).toHaveLength(64);
    expect(new Set(scan.photos.map((p) => p.relativePath.split('/')[0])).size).toBe(6);
  });
});

describe('AlbumService media', () => {
  it('renders upright sRGB JPEG thumbnails, even of CMYK, 16-bit and EXIF-rotated photos', async () => {
    const service = new AlbumService(path.join(tmp, 'cache'));
    await service.open(photos);
    const cases = [
      ['colour-managed/sharp_cmyk-swop-profile.jpg', null],
      ['colour-managed/sharp_tifftag-photoshop_16bit-adobergb.tiff', null],
      ['exif-orientation/insightface_image-T1_orient6.jpeg', 'portrait'],
    ] as const;
    for (const [name, shape] of cases) {
      const file = path.join(photos, name);
      const res = await service.media('thumb', file);
      expect(res.status, String(res.body)).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(res.body as Buffer).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.space).toBe('srgb');
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(320);
      if (shape === 'portrait') {
        // Orientation 6: stored landscape, displayed rotated 90 degrees.
        const stored = await sharp(file).metadata();
        expect(stored.width).toBeGreaterThan(stored.height);
        expect(meta.height).toBeGreaterThan(meta.width);
      }
    }
  });

  it('caches a rendition on disk and reuses it', async () => {
    const service = new AlbumService(path.join(tmp, 'cache2'));
    await service.open(album);
    const file = path.join(album, 'a.png');
    const [a, b] = await Promise.all([service.media('thumb', file), service.media('thumb', file)]);
    expect(Buffer.compare(a.body as Buffer, b.body as Buffer)).toBe(0);
    const cached = await fs.readdir(path.join(tmp, 'cache2', 'renditions'), { recursive: true });
    expect(cached.filter((f) => f.endsWith('.jpg'))).toHaveLength(1);
    const preview = await service.media('preview', file);
    expect((await sharp(preview.body as Buffer).metadata()).width).toBe(64); // never enlarged
  });

  it('renders the full rendition at every pixel of the original, upright and sRGB', async () => {
    const service = new AlbumService(path.join(tmp, 'cache-full'));
    await service.open(photos);
    const cases = [
      // 3061x4600: the preview is 2048 px tall, the full rendition is not resized.
      ['portrait/deepface_img40.jpg', { width: 3061, height: 4600 }],
      // Orientation 6: stored landscape, served upright at full size.
      ['exif-orientation/insightface_image-T1_orient6.jpeg', null],
    ] as const;
    for (const [name, size] of cases) {
      const file = path.join(photos, name);
      const res = await service.media('full', file);
      expect(res.status, String(res.body)).toBe(200);
      const meta = await sharp(res.body as Buffer).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.space).toBe('srgb');
      const stored = await sharp(file).metadata();
      const upright =
        size ?? (stored.orientation === 6 ? { width: stored.height, height: stored.width } : null);
      expect({ width: meta.width, height: meta.height }).toEqual(upright);
    }
    const large = path.join(photos, cases[0][0]);
    const preview = await sharp((await service.media('preview', large)).body as Buffer).metadata();
    expect(preview.height).toBe(2048);
    // That portrait is an sRGB JPEG with nothing to rotate or convert: served as it is.
    const full = await service.media('full', large);
    expect(Buffer.compare(full.body as Buffer, await fs.readFile(large))).toBe(0);
    // A CMYK JPEG is converted, as for the other renditions.
    const cmyk = await service.media(
      'full',
      path.join(photos, 'colour-managed/sharp_cmyk-swop-profile.jpg'),
    );
    expect((await sharp(cmyk.body as Buffer).metadata()).space).toBe('srgb');
  });

  it('answers refusals with HTTP-like statuses and readable messages', async () => {
    const service = new AlbumService(path.join(tmp, 'cache3'));
    await service.open(album);
    expect((await service.media('thumb', secret)).status).toBe(403);
    expect((await service.media('thumb', `${album}/../secret.png`)).status).toBe(403);
    expect((await service.media('thumb', null)).status).toBe(400);
    expect((await service.media('original', path.join(album, 'a.png'))).status).toBe(404);
    const missing = await service.media('thumb', path.join(album, 'gone.png'));
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('gone.png');
  });

  it('builds media URLs the route can parse back', () => {
    const url = new URL(mediaUrl('face-deblur-media://media', 'thumb', '/a b/c#d?.jpg'));
    expect(url.pathname).toBe('/thumb');
    expect(url.searchParams.get('path')).toBe('/a b/c#d?.jpg');
  });
});
