import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, sharedDataDir } from '../../electron/core/paths.js';
import { listFaceSources, readHeldOut, splitOf } from './splits.js';

const facesDir = path.join(sharedDataDir(), 'faces');

describe('held-out split', () => {
  it('holds 300 CelebA and 300 LFW faces that exist in the shared data', async () => {
    const heldOut = await readHeldOut();
    expect(heldOut['test-celeba'].size).toBe(300);
    expect(heldOut['test-lfw'].size).toBe(300);
    const sources = new Set(await listFaceSources(facesDir));
    for (const name of heldOut['test-celeba'])
      expect(sources).toContain(`celeba-aligned-nikhil4902/${name}`);
    for (const name of heldOut['test-lfw']) expect(sources).toContain(`lfw-deepfunneled/${name}`);
  });

  it('never puts a held-out face or a held-out LFW person into training', async () => {
    const heldOut = await readHeldOut();
    const sources = await listFaceSources(facesDir);
    const train = sources.filter((s) => splitOf(s, heldOut) === 'train');
    expect(train.length).toBe(sources.length - 600);
    const trainNames = new Set(train.map((s) => s.split('/')[1]));
    for (const name of [...heldOut['test-celeba'], ...heldOut['test-lfw']])
      expect(trainNames).not.toContain(name);
    const person = (name: string) => name.replace(/_\d+\.jpg$/, '');
    const trainPeople = new Set(
      train.filter((s) => s.startsWith('lfw')).map((s) => person(s.split('/')[1] ?? '')),
    );
    for (const name of heldOut['test-lfw']) expect(trainPeople).not.toContain(person(name));
  });

  it('prepared training data (when present) shares no row with the held-out lists', async () => {
    const heldOut = await readHeldOut();
    const index = path.join(cacheDir, 'data', 'index-train.json');
    if (!existsSync(index)) return; // data:prepare has not run on this machine
    const rows = JSON.parse(await readFile(index, 'utf8')) as string[];
    for (const source of rows) expect(splitOf(source, heldOut)).toBe('train');
  });

  it('refuses a source outside the known face sets', async () => {
    const heldOut = await readHeldOut();
    expect(() => splitOf('photos/a.jpg', heldOut)).toThrow(/face source "photos\/a.jpg"/);
  });
});
