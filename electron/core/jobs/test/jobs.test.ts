import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { collectInputs } from '../inputs.js';
import { Manifest, MANIFEST_NAME, settingsHash } from '../manifest.js';
import { inShard, parseShard, shardOf } from '../shard.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-jobs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('--shard K/N', () => {
  it('partitions any input list exactly: every photo in one shard, none twice, none missing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 17 }),
        (keys, n) => {
          const items = keys.map((key) => ({ key }));
          const slices = Array.from({ length: n }, (_, k) =>
            inShard(items, { index: k + 1, count: n }),
          );
          const seen = slices.flat().map((i) => i.key);
          expect(seen.length).toBe(keys.length);
          expect(new Set(seen)).toEqual(new Set(keys));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is deterministic and roughly balanced on a photo archive', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `album-${i % 37}/IMG_${i}.jpg`);
    const sizes = Array.from({ length: 8 }, (_, k) =>
      keys.filter((key) => shardOf(key, 8) === k + 1),
    ).map((s) => s.length);
    expect(Math.min(...sizes)).toBeGreaterThan(1150);
    expect(Math.max(...sizes)).toBeLessThan(1350);
    expect(shardOf('a/b.jpg', 5)).toBe(shardOf('a/b.jpg', 5));
  });

  it('rejects malformed shards with the expected form', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '2', '-1/3']) {
      expect(() => parseShard(bad)).toThrow(/--shard must be K\/N/);
    }
  });
});

describe('collectInputs', () => {
  it('mirrors folders, skips the output folder and non-photos, sorts', async () => {
    const root = path.join(tmp, 'photos');
    fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
    fs.mkdirSync(path.join(root, 'restored'));
    for (const f of [
      'b.jpg',
      'a.PNG',
      'notes.txt',
      'sub/c.tif',
      'sub/deeper/d.webp',
      'restored/x.jpg',
    ]) {
      fs.writeFileSync(path.join(root, f), 'x');
    }
    const out = path.join(root, 'restored');
    const flat = await collectInputs([root], { outDir: out });
    expect(flat.photos.map((p) => p.key)).toEqual(['a.PNG', 'b.jpg']);
    const deep = await collectInputs([root, path.join(tmp, 'nope')], {
      outDir: out,
      recursive: true,
    });
    expect(deep.photos.map((p) => p.key)).toEqual([
      'a.PNG',
      'b.jpg',
      'sub/c.tif',
      'sub/deeper/d.webp',
    ]);
    expect(deep.missing).toEqual([{ path: path.join(tmp, 'nope'), reason: 'not found (ENOENT)' }]);
  });
});

describe('Manifest', () => {
  it('proves completion only for the same input, settings and an intact output; ignores a torn line', async () => {
    const out = fs.mkdtempSync(path.join(tmp, 'out-'));
    const m = await Manifest.open(out);
    fs.writeFileSync(path.join(out, 'a.jpg'), 'abc');
    const s = settingsHash({ strength: 1, kernelSize: 'auto' });
    expect(settingsHash({ kernelSize: 'auto', strength: 1 })).toBe(s);
    await m.append({
      key: 'a.jpg',
      inputSha256: 'h1',
      settings: s,
      output: 'a.jpg',
      outputBytes: 3,
      status: 'done',
      at: '',
    });
    fs.appendFileSync(path.join(out, MANIFEST_NAME), '{"key":"b.jpg","inputSha');
    const again = await Manifest.open(out);
    expect(await again.completed(out, 'a.jpg', 'h1', s)).not.toBeNull();
    expect(await again.completed(out, 'a.jpg', 'h2', s)).toBeNull();
    expect(await again.completed(out, 'a.jpg', 'h1', 'other')).toBeNull();
    expect(await again.completed(out, 'b.jpg', 'h1', s)).toBeNull();
    fs.writeFileSync(path.join(out, 'a.jpg'), 'ab');
    expect(await again.completed(out, 'a.jpg', 'h1', s)).toBeNull();
  });
});
