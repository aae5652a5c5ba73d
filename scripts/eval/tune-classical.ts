/**
 * Tunes the classical blind baseline on TRAINING faces only, so the benchmark's baseline is
 * fair without ever looking at the held-out split: a small grid over the L0 weight, the
 * kernel-estimation beta and threshold, scored by mean PSNR on training faces blurred by
 * kernels drawn from the generator with a seed the benchmark kernels do not use.
 *
 *   npx tsx scripts/eval/tune-classical.ts [--faces N] [--noise SIGMA]
 *
 * Faces: N training rows spread over cache/data/faces-train.npy (npm run data:prepare), or
 * over another file of aligned TRAINING faces (--data, e.g. one chunk under cache/data/parts/).
 * Prints one line per setting and the best; CLASSICAL_DEFAULTS in classicalBlind.ts holds it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { cacheDir } from '../../electron/core/paths.js';
import { runPython } from '../data/python.js';
import { readNpy } from '../data/npy.js';
import {
  CLASSICAL_DEFAULTS,
  classicalBlindDeblur,
  type ClassicalBlindParams,
} from './classicalBlind.js';
import { degradeFace, quantise8 } from './degrade.js';
import { loadKernelDir } from './kernelFiles.js';
import { psnr } from './metrics.js';
import { FACE_HEIGHT, FACE_WIDTH } from './rows.js';

const TUNING_KERNEL_SEED = 777;

const options = new Command('tune-classical')
  .option('--faces <n>', 'training faces to use', (v) => Number(v), 8)
  .option('--noise <sigma>', 'noise sigma', (v) => Number(v), 0)
  .option(
    '--data <file.npy>',
    'aligned training faces',
    path.join(cacheDir, 'data', 'faces-train.npy'),
  )
  .parse()
  .opts<{ faces: number; noise: number; data: string }>();

const dir = await mkdtemp(path.join(tmpdir(), 'tune-kernels-'));
runPython([
  '-c',
  `import sys, numpy as np
from models.training.data.kernels import camera_shake_kernel, KERNEL_SIZES
from models.training.data.kernel_png import write_kernel_png
rng = np.random.default_rng(${TUNING_KERNEL_SEED})
for i, size in enumerate(KERNEL_SIZES):
    write_kernel_png(camera_shake_kernel(rng, size), __import__('pathlib').Path(sys.argv[1]) / f"k{i}.png")`,
  dir,
]);
const kernels = await loadKernelDir(dir);
await rm(dir, { recursive: true });
const train = await readNpy(options.data);
if (!options.data.includes('train'))
  throw new Error(`--data ${options.data}: tune on training faces only`);
const faceSize = FACE_WIDTH * FACE_HEIGHT * 3;
// Spread the chosen faces over the whole training set (CelebA first, then LFW rows).
const count = train.shape[0] ?? 0;
const faces = Array.from({ length: options.faces }, (_, i) => {
  const row = Math.floor(((i + 0.5) * count) / options.faces);
  return Float32Array.from(
    train.data.subarray(row * faceSize, (row + 1) * faceSize),
    (v) => v / 255,
  );
});

function score(params: ClassicalBlindParams): { psnr: number; ms: number } {
  let sum = 0;
  let ms = 0;
  let n = 0;
  for (const [f, face] of faces.entries()) {
    const truth = { data: face, width: FACE_WIDTH, height: FACE_HEIGHT, channels: 3 };
    for (const [k, kernel] of kernels.entries()) {
      const blurry = degradeFace(face, FACE_WIDTH, FACE_HEIGHT, kernel, options.noise, f * 31 + k);
      const start = performance.now();
      const result = classicalBlindDeblur(blurry, FACE_WIDTH, FACE_HEIGHT, kernel.size, params);
      ms += performance.now() - start;
      sum += psnr(truth, { ...truth, data: quantise8(result.restored) });
      n += 1;
    }
  }
  return { psnr: sum / n, ms: ms / n };
}

const grid: Partial<ClassicalBlindParams>[] = [];
for (const lambda of [0.005, 0.01, 0.02]) {
  for (const beta of [10, 100, 1000]) grid.push({ lambda, beta });
}
for (const threshold of [0.05, 0.15]) grid.push({ threshold });
for (const iterations of [2, 6]) grid.push({ iterations });
let best: { params: ClassicalBlindParams; psnr: number } | undefined;
for (const change of grid) {
  const params = { ...CLASSICAL_DEFAULTS, ...change };
  const result = score(params);
  console.log(
    `${JSON.stringify(change)}  PSNR ${result.psnr.toFixed(3)}  ${result.ms.toFixed(0)} ms/face`,
  );
  if (!best || result.psnr > best.psnr) best = { params, psnr: result.psnr };
}
console.log(
  `best on ${faces.length} training faces x ${kernels.length} kernels: ${JSON.stringify(best)}`,
);
