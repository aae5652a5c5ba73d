/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present results. */
/**
 * kill -9 in the middle of a batch of 50 photos, then a re-run: every photo ends up done exactly
 * once (one manifest line, one complete output), nothing partial is left. Ctrl-C (SIGINT) stops
 * cleanly with exit code 130.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIAL_SUFFIX } from '../../core/image/atomicWrite.js';
import { MANIFEST_NAME, type ManifestEntry } from '../../core/jobs/manifest.js';
import { sharedDataDir } from '../../core/paths.js';
import { fixtureArgs, jsonLines, runCli, startCli } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-resume-'));
const input = path.join(tmp, 'in');
const COUNT = 50;
const args = (out: string) => fixtureArgs(input, out);

beforeAll(async () => {
  fs.mkdirSync(input);
  const face = path.join(sharedDataDir(), 'photos', 'portrait', 'deepface_img13.jpg');
  const base = await sharp(face).resize({ width: 320 }).raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < COUNT; i++) {
    // Each photo differs (a brightness step), so every input hash is distinct.
    const data = base.data.map((v) => Math.min(255, v + (i % 25)));
    await sharp(data, { raw: base.info })
      .jpeg({ quality: 90 })
      .toFile(path.join(input, `p${String(i).padStart(2, '0')}.jpg`));
  }
}, 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Waits until the child has reported `n` finished photos on stdout. */
function afterPhotos(child: ReturnType<typeof startCli>, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      seen += (d.toString().match(/"type":"photo"/g) ?? []).length;
      if (seen >= n) resolve();
    });
    child.on('exit', () => reject(new Error(`exited after ${seen} photos`)));
  });
}

const exited = (child: ReturnType<typeof startCli>) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

describe('interrupted batches', () => {
  it('kill -9 midway, re-run: every photo done exactly once', async () => {
    const out = path.join(tmp, 'out-kill');
    const child = startCli([...args(out), '-j', '2']);
    const ended = exited(child);
    await afterPhotos(child, 15);
    child.kill('SIGKILL');
    expect((await ended).signal).toBe('SIGKILL');
    const before = fs
      .readFileSync(path.join(out, MANIFEST_NAME), 'utf8')
      .split('\n')
      .filter(Boolean).length;
    expect(before).toBeGreaterThanOrEqual(15);
    expect(before).toBeLessThan(COUNT);

    const rerun = await runCli(args(out));
    expect(rerun.code).toBe(0);
    const summary = jsonLines(rerun.stdout).find((l) => l.type === 'summary');
    expect(summary).toMatchObject({ total: COUNT, failed: 0 });
    expect((summary!.skipped as number) + (summary!.done as number)).toBe(COUNT);
    expect(summary!.skipped).toBeGreaterThanOrEqual(before);

    const entries = fs
      .readFileSync(path.join(out, MANIFEST_NAME), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{') && l.endsWith('}'))
      .map((l) => JSON.parse(l) as ManifestEntry);
    const perKey = new Map<string, number>();
    for (const e of entries) perKey.set(e.key, (perKey.get(e.key) ?? 0) + 1);
    expect(perKey.size).toBe(COUNT);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    const files = fs.readdirSync(out);
    expect(files.filter((f) => f.endsWith(PARTIAL_SUFFIX))).toEqual([]);
    const outputs = files.filter((f) => f.endsWith('.jpg'));
    expect(outputs.length).toBe(COUNT);
    for (const f of outputs) {
      const meta = await sharp(path.join(out, f)).metadata();
      expect(meta.width).toBe(320);
    }
  }, 240_000);

  it('Ctrl-C stops after the photos in progress, exit 130, no partial files', async () => {
    const out = path.join(tmp, 'out-int');
    const child = startCli(args(out));
    const ended = exited(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await afterPhotos(child, 3);
    child.kill('SIGINT');
    const { code } = await ended;
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopping after the photos in progress/);
    const files = fs.readdirSync(out);
    expect(files.filter((f) => f.endsWith(PARTIAL_SUFFIX))).toEqual([]);
    const lines = fs
      .readFileSync(path.join(out, MANIFEST_NAME), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(files.filter((f) => f.endsWith('.jpg')).length).toBe(lines.length);
    expect(lines.length).toBeLessThan(COUNT);
  }, 120_000);
});
