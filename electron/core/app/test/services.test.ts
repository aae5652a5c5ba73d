// The app services' own rules, without photos or models (those run through the bridge in
// electron/bridge/app.test.ts): request superseding, settings files, output paths.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { albumRootOf, defaultOutputDir, outputPathOf } from '../outputs.js';
import { LatestRequests } from '../requests.js';
import { DEFAULT_SETTINGS, SettingsStore } from '../settings.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fd-services-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('LatestRequests', () => {
  it('runs one job at a time; a superseded job that has not started never starts', async () => {
    const requests = new LatestRequests();
    const started: string[] = [];
    let release = (): void => undefined;
    const blocker = new Promise<void>((r) => (release = r));
    const job = (name: string, wait?: Promise<void>) => async () => {
      started.push(name);
      await wait;
      return name;
    };
    const a = requests.run('face 0', 'a', 'A', job('a', blocker));
    const b = requests.run('face 1', 'b', 'B', job('b'));
    const c = requests.run('face 1', 'c', 'C', job('c')); // supersedes b while b waits
    await expect(b).rejects.toMatchObject({ code: 'cancelled' });
    expect(started).toEqual(['a']);
    release();
    expect(await a).toBe('a');
    expect(await c).toBe('c');
    expect(started).toEqual(['a', 'c']); // b never ran
  });

  it('answers a cancelled running job at once and drops its late result', async () => {
    const requests = new LatestRequests();
    let finish = (): void => undefined;
    const running = requests.run(
      'k',
      'x',
      'X',
      () => new Promise<string>((r) => (finish = () => r('late'))),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(requests.cancel('x')).toBe(true);
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    finish();
    expect(requests.cancel('x')).toBe(false);
    expect(await requests.run('k', 'y', 'Y', async () => 'next')).toBe('next');
  });
});

describe('SettingsStore', () => {
  it('starts from defaults, keeps valid fields of a damaged file, refuses a relative folder', async () => {
    const dir = path.join(tmp, 'settings');
    expect(await new SettingsStore(dir).get()).toEqual(DEFAULT_SETTINGS);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(
      path.join(dir, 'settings.json'),
      JSON.stringify({ format: 'tiff', threads: 'many', provider: 'quantum', extra: 1 }),
    );
    expect(await new SettingsStore(dir).get()).toEqual({ ...DEFAULT_SETTINGS, format: 'tiff' });
    await fs.writeFile(path.join(dir, 'settings.json'), '{ not json');
    expect(await new SettingsStore(dir).get()).toEqual(DEFAULT_SETTINGS);
    const store = new SettingsStore(dir);
    await expect(store.set({ outputFolder: 'relative' })).rejects.toMatchObject({
      code: 'invalid-settings',
    });
    await store.set({ outputFolder: tmp, threads: 3 });
    expect(await new SettingsStore(dir).get()).toMatchObject({ outputFolder: tmp, threads: 3 });
  });
});

describe('output paths (the CLI rules)', () => {
  const album = '/photos/2024';
  it('mirror the album below restored/ beside it, changing only the extension a format needs', () => {
    const out = defaultOutputDir(album);
    expect(out).toBe('/photos/restored');
    const of = (file: string, format: 'same' | 'png' | 'jpeg' | 'tiff', source?: 'gif') =>
      outputPathOf(out, album, path.join(album, file), format, source);
    expect(of('trip/a.JPG', 'same')).toBe('/photos/restored/trip/a.JPG');
    expect(of('trip/a.jpeg', 'jpeg')).toBe('/photos/restored/trip/a.jpeg');
    expect(of('trip/a.jpg', 'png')).toBe('/photos/restored/trip/a.png');
    expect(of('b.tif', 'tiff')).toBe('/photos/restored/b.tif');
    expect(of('c.gif', 'same', 'gif')).toBe('/photos/restored/c.png'); // GIF is written as PNG
  });

  it('take the innermost opened folder as the album', () => {
    const roots = ['/photos', '/photos/2024', '/other'];
    expect(albumRootOf(roots, '/photos/2024/x/a.jpg')).toBe('/photos/2024');
    expect(albumRootOf(roots, '/photos/a.jpg')).toBe('/photos');
    expect(() => albumRootOf(roots, '/elsewhere/a.jpg')).toThrow();
  });
});
