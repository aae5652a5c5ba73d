// `npm run eval` as a user runs it (tsx, real native addon, real face module, real models).
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedDataDir } from '../../electron/core/paths.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'eval-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function evalCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run eval', () => {
  it('rejects a missing kernels folder, an empty one and a non-kernel PNG with a clear message', async () => {
    const missing = evalCli('--kernels', path.join(dir, 'missing'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/kernels folder .*missing does not exist/);
    await mkdir(path.join(dir, 'empty'));
    const empty = evalCli('--kernels', path.join(dir, 'empty'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/holds no \.png kernel files/);
    await mkdir(path.join(dir, 'photo'));
    await copyFile(
      path.join(sharedDataDir(), 'faces', 'lfw-deepfunneled', 'AJ_Cook_0001.jpg'),
      path.join(dir, 'photo', 'a.png'),
    );
    const photo = evalCli('--kernels', path.join(dir, 'photo'));
    expect(photo.code).toBe(1);
    expect(photo.stderr).toMatch(/a\.png is not a kernel/);
  });

  it('rejects a missing or empty faces folder and bad options', async () => {
    expect(evalCli('--faces', path.join(dir, 'nofaces')).stderr).toMatch(
      /faces folder .*nofaces does not exist/,
    );
    await mkdir(path.join(dir, 'nofaces-empty'));
    await writeFile(path.join(dir, 'nofaces-empty', 'notes.txt'), 'no images here');
    expect(evalCli('--faces', path.join(dir, 'nofaces-empty')).stderr).toMatch(/holds no images/);
    const bad = evalCli('--noise', '-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sigma in 0\.\.0\.5/);
  });

  it('scores a face folder and prints one JSON summary in which the oracle beats the blurry input', async () => {
    await mkdir(path.join(dir, 'faces'));
    await mkdir(path.join(dir, 'kernels'));
    for (const f of ['AJ_Cook_0001.jpg', 'AJ_Lamas_0001.jpg']) {
      await copyFile(
        path.join(sharedDataDir(), 'faces', 'lfw-deepfunneled', f),
        path.join(dir, 'faces', f),
      );
    }
    await copyFile(
      path.join(repoRoot, 'models', 'benchmark', 'kernel-21-a.png'),
      path.join(dir, 'kernels', 'k.png'),
    );
    const run = evalCli(
      '--faces',
      path.join(dir, 'faces'),
      '--kernels',
      path.join(dir, 'kernels'),
      '--json',
      '--grid',
      path.join(dir, 'grid.png'),
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      sets: {
        name: string;
        summary: {
          faces: number;
          rows: { name: string; absent?: string; overall?: { psnr: number; ssim: number } }[];
        };
      }[];
    };
    const set = summary.sets[0];
    expect(set?.summary.faces).toBe(2);
    const row = (prefix: string) => set?.summary.rows.find((r) => r.name.startsWith(prefix));
    const blurry = row('blurry')?.overall;
    const oracle = row('Wiener, true kernel')?.overall;
    expect(blurry && oracle && oracle.psnr > blurry.psnr + 2).toBe(true);
    expect(row('classical blind')?.overall?.psnr).toBeGreaterThan(0);
    for (const r of set?.summary.rows ?? [])
      expect(r.overall !== undefined || typeof r.absent === 'string').toBe(true);
  });
});
