// `npm run data:prepare` end to end on a tiny face folder: real face module, real .npy output.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedDataDir } from '../../electron/core/paths.js';
import { runPython } from './python.js';
import { readHeldOut } from './splits.js';

let dir = '';
const faces = path.join(sharedDataDir(), 'faces');

function prepare(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/data-prepare.ts',
      '--source',
      path.join(dir, 'src'),
      '--out',
      path.join(dir, 'out'),
      '--chunk',
      '2',
      ...args,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 200_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'prepare-'));
  const heldOut = await readHeldOut();
  const celeba = path.join(dir, 'src', 'celeba-aligned-nikhil4902');
  const lfw = path.join(dir, 'src', 'lfw-deepfunneled');
  await mkdir(celeba, { recursive: true });
  await mkdir(lfw, { recursive: true });
  const testCeleba = [...heldOut['test-celeba']][0] as string;
  const testLfw = [...heldOut['test-lfw']][0] as string;
  for (const f of ['000002.jpg', testCeleba])
    await copyFile(path.join(faces, 'celeba-aligned-nikhil4902', f), path.join(celeba, f));
  for (const f of ['AJ_Cook_0001.jpg', testLfw])
    await copyFile(path.join(faces, 'lfw-deepfunneled', f), path.join(lfw, f));
  // No face in it: a smooth grey gradient.
  const gradient = Buffer.from(
    Array.from({ length: 178 * 218 * 3 }, (_, i) => Math.floor(i / (178 * 3 * 2)) + 40),
  );
  await sharp(gradient, { raw: { width: 178, height: 218, channels: 3 } })
    .jpeg()
    .toFile(path.join(celeba, '999999.jpg'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run data:prepare', () => {
  it('aligns every face into 240x200 crops per split with sketches, counts the rejected image, and resumes', async () => {
    const first = prepare();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/rejected by the face detector: 1/);
    const out = path.join(dir, 'out');
    const shapes = JSON.parse(
      runPython([
        '-c',
        `import json, sys, numpy as np
d = sys.argv[1]
r = {}
for s in ("train", "test-celeba", "test-lfw"):
    f = np.load(f"{d}/faces-{s}.npy"); l = np.load(f"{d}/landmarks-{s}.npy"); k = np.load(f"{d}/sketches-{s}.npy")
    r[s] = [list(f.shape), str(f.dtype), list(l.shape), str(l.dtype), float(f.std()), float(l.min()), float(l.max()),
            list(k.shape), str(k.dtype), float(k.mean()), float((k < 128).mean())]
print(json.dumps(r))`,
        out,
      ]),
    ) as Record<
      string,
      [number[], string, number[], string, number, number, number, number[], string, number, number]
    >;
    expect(shapes.train?.slice(0, 4)).toEqual([[2, 240, 200, 3], 'uint8', [2, 478, 2], 'float32']);
    expect(shapes['test-celeba']?.[0]).toEqual([1, 240, 200, 3]);
    expect(shapes['test-lfw']?.[0]).toEqual([1, 240, 200, 3]);
    expect(shapes.train?.[4]).toBeGreaterThan(20); // real image content, not a blank crop
    // Landmarks lie in the crop (a few may sit just outside on the face oval).
    expect(shapes.train?.[5]).toBeGreaterThan(-20);
    expect(shapes.train?.[6]).toBeLessThan(260);
    // Sketches: one grey image per face, mostly white paper with some dark strokes.
    expect(shapes.train?.slice(7, 9)).toEqual([[2, 240, 200], 'uint8']);
    expect(shapes['test-lfw']?.[7]).toEqual([1, 240, 200]);
    expect(shapes.train?.[9]).toBeGreaterThan(150);
    expect(shapes.train?.[10]).toBeGreaterThan(0.01);
    const index = JSON.parse(
      await readFile(path.join(out, 'index-train.json'), 'utf8'),
    ) as string[];
    expect(index).toEqual([
      'celeba-aligned-nikhil4902/000002.jpg',
      'lfw-deepfunneled/AJ_Cook_0001.jpg',
    ]);
    const report = JSON.parse(await readFile(path.join(out, 'prepare-report.json'), 'utf8')) as {
      rejects: { source: string }[];
    };
    expect(report.rejects.map((r) => r.source)).toEqual(['celeba-aligned-nikhil4902/999999.jpg']);

    // A second run finds every chunk done: it rewrites nothing.
    const before = (await stat(path.join(out, 'faces-train.npy'))).mtimeMs;
    const second = prepare();
    expect(second.code, second.stderr).toBe(0);
    expect((await stat(path.join(out, 'faces-train.npy'))).mtimeMs).toBe(before);
  }, 240_000); // two prepare runs, each starting the Python sketch translator

  it('says which folder is missing', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/data-prepare.ts',
        '--source',
        path.join(dir, 'nope'),
        '--out',
        path.join(dir, 'o2'),
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/face set folder .*nope.*does not exist/);
  });
});
