/** Shared by the native tests: seeded inputs and the Python reference runner. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PYTHON = '/usr/bin/python3';

/** mulberry32: small, seeded, reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomImage(length: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length }, () => r());
}

/** A piecewise-constant scene of random rectangles: strong edges in both directions. */
export function scene(width: number, height: number, seed: number): Float32Array {
  const r = rng(seed);
  const img = new Float32Array(width * height).fill(0.5);
  for (let n = 0; n < 40; n++) {
    const x0 = Math.floor(r() * width),
      y0 = Math.floor(r() * height);
    const x1 = Math.min(width, x0 + 2 + Math.floor(r() * width * 0.4));
    const y1 = Math.min(height, y0 + 2 + Math.floor(r() * height * 0.4));
    const v = r();
    for (let i = y0; i < y1; i++) for (let j = x0; j < x1; j++) img[i * width + j] = v;
  }
  return img;
}

/** A curved, asymmetric camera-shake-like path kernel (odd size), summing to 1. */
export function motionKernel(size: number, seed = 1): Float32Array {
  const r = rng(seed);
  const k = new Float32Array(size * size);
  const c = (size - 1) / 2;
  const bend = 0.5 + r(),
    turn = r() * Math.PI;
  const steps = size * 8;
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    const x = c + 0.8 * c * (t * 2 - 1) * Math.cos(turn) + 0.3 * c * Math.sin(bend * 3 * t);
    const y = c + 0.8 * c * (t * 2 - 1) * Math.sin(turn) * 0.6 + 0.3 * c * Math.cos(bend * 5 * t);
    const i = Math.round(y),
      j = Math.round(x);
    if (i >= 0 && i < size && j >= 0 && j < size) k[i * size + j] = (k[i * size + j] ?? 0) + 1 + t;
  }
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
}

/** Largest |a - b| over the largest |b|: the README's agreement measure. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0,
    scale = 0;
  for (let k = 0; k < a.length; k++) {
    diff = Math.max(diff, Math.abs((a[k] ?? 0) - (b[k] ?? 0)));
    scale = Math.max(scale, Math.abs(b[k] ?? 0));
  }
  return diff / (scale || 1);
}

export interface ReferenceCase {
  op: 'fft2' | 'estimate' | 'confidence' | 'wiener' | 'blur';
  width: number;
  height: number;
  [key: string]: unknown;
}

/**
 * Runs native/test/reference.py (numpy or the training code's torch) on the cases; arrays in a
 * case are written to temporary float32 files. Returns one Float32Array per case.
 */
export function pythonReference(
  impl: 'numpy' | 'torch',
  cases: (Omit<ReferenceCase, 'out'> & Record<string, unknown>)[],
): Float32Array[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-native-ref-'));
  try {
    const prepared = cases.map((c, n) => {
      const entry: Record<string, unknown> = { out: path.join(dir, `out-${n}.f32`) };
      for (const [key, value] of Object.entries(c)) {
        if (value instanceof Float32Array) {
          const file = path.join(dir, `${key}-${n}.f32`);
          fs.writeFileSync(file, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
          entry[key] = file;
        } else {
          entry[key] = value;
        }
      }
      return entry;
    });
    const list = path.join(dir, 'cases.json');
    fs.writeFileSync(list, JSON.stringify(prepared));
    const r = spawnSync(PYTHON, [path.join(here, 'reference.py'), impl, list], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    if (r.status !== 0) throw new Error(`reference.py ${impl} failed: ${r.stderr || r.error}`);
    return prepared.map((c) => {
      const bytes = fs.readFileSync(c.out as string);
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
