/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/**
 * The shared job queue over real MediaPipe workers: both workers take jobs, results come back in
 * submission order, a slow job does not hold the other worker, and one failing job fails alone.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRgba, type RgbaImage } from '../../image/rgba.js';
import { LandmarkerClient } from '../landmarkerClient.js';
import { LandmarkerPool } from '../landmarkerPool.js';
import { compileTasksVisionWasm } from '../mediapipeRuntime.js';
import { facesDir, modelsDir } from './helpers.js';

let clients: LandmarkerClient[];
let face: RgbaImage;
beforeAll(async () => {
  const wasm = await compileTasksVisionWasm();
  clients = [new LandmarkerClient(modelsDir, wasm), new LandmarkerClient(modelsDir, wasm)];
  await Promise.all(clients.map((c) => c.version));
  face = await loadRgba(path.join(facesDir, 'lfw-deepfunneled/AJ_Cook_0001.jpg'));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

const copyOf = (image: RgbaImage): RgbaImage => ({ ...image, data: new Uint8Array(image.data) });

describe('LandmarkerPool', () => {
  it('spreads jobs over every worker and returns results in submission order', async () => {
    const pool = new LandmarkerPool(clients);
    const used: LandmarkerClient[] = [];
    const sizes = [64, 250, 96, 250, 128, 250];
    const results = await pool.map(sizes, async (client, side) => {
      used.push(client);
      const image = side === 250 ? copyOf(face) : { data: new Uint8Array(side * side * 4), width: side, height: side }; // prettier-ignore
      const [boxes = []] = await client.boxes([image], 0.5);
      return { side, faces: boxes.length };
    });
    expect(results.map((r) => r.side)).toEqual(sizes);
    // The LFW face is found, the black squares have none: each result belongs to its own job.
    expect(results.map((r) => r.faces)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(new Set(used).size).toBe(2);
  });

  it('keeps the other worker busy while one runs a long job', async () => {
    const pool = new LandmarkerPool(clients);
    const order: string[] = [];
    const long = pool.run(async (client) => {
      await client.meshes([copyOf(face), copyOf(face), copyOf(face), copyOf(face)]);
      order.push('long');
    });
    const short = pool.map([1, 2, 3], async (client, i) => {
      await client.boxes([copyOf(face)], 0.5);
      order.push(`short${i}`);
    });
    await Promise.all([long, short]);
    // With a static split the short jobs would wait behind the long one on its worker.
    expect(order.indexOf('long')).toBe(3);
  });

  it('fails only the job that failed', async () => {
    const pool = new LandmarkerPool(clients);
    const outcomes = await Promise.allSettled([
      pool.run(() => Promise.reject(new Error('boom'))),
      pool.run(async (client) => (await client.boxes([copyOf(face)], 0.5))[0]!.length),
      pool.run(async (client) => (await client.boxes([copyOf(face)], 0.5))[0]!.length),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('refuses an empty set of workers', () => {
    expect(() => new LandmarkerPool([])).toThrow(/at least one worker/);
  });
});
