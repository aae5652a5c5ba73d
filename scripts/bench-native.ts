/**
 * `npm run bench:native [-- --json]`: the project's FFT and deconvolution against FFTW and pure
 * JavaScript (fft.js), measured in the same run.
 *
 * - FFT (forward + inverse real 2D) at 240x200, 512x512, 1000x1000: the project's FFT and FFTW
 *   through the same C++ harness (scripts/bench/reference_main.cpp), fft.js in this process,
 *   plus the addon's fft2 + ifft2 called from JS (with its validation and copies).
 * - The full step of the pipeline, "estimate kernel + Wiener RGB", for a 240x200 face with a
 *   51x51 kernel: the addon from JS; native/src/deconv.cpp linked against FFTW (the same math,
 *   only the FFT swapped, compiled here with g++ -O3 against Debian's libfftw3-dev in a temp
 *   dir, never shipped); and the same math in pure JS on fft.js.
 * Figures are medians over repeats, in milliseconds. Targets: full step <= 2.0x FFTW and
 * >= 20x faster than pure JS.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import sharp from 'sharp';

import { repoRoot, sharedDataDir } from '../electron/core/paths.js';
import {
  DEFAULTS,
  blurSync,
  estimateKernelSync,
  fft2,
  ifft2,
  toGray,
  wienerDeconvolveSync,
} from '../native/index.js';
import { JsFft2D, estimateKernelJs, wienerRgbJs } from './bench/js-reference.js';
import { median } from './bench/stats.js';

const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) console.log(line);
};

const FFT_SIZES: [number, number][] = [
  [240, 200],
  [512, 512],
  [1000, 1000],
];
const FACE_W = 200;
const FACE_H = 240;
const KERNEL_SIZE = 51;
const { beta: BETA, threshold: THRESHOLD, gamma: GAMMA } = DEFAULTS;

function timeMs(reps: number, run: () => void): number {
  run();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr || String(r.error)}`);
  }
  return r.stdout;
}

/** Builds the C++ harness against the project's FFT and against FFTW, in a temp dir. */
function buildHarnesses(dir: string): { own: string; fftw: string } {
  const src = path.join(repoRoot, 'native', 'src');
  const bench = path.join(repoRoot, 'scripts', 'bench');
  // The addon's own flags (native/binding.gyp), so only the FFT differs between the two.
  const common = [
    '-O3',
    '-std=c++17',
    '-fno-math-errno',
    '-fcx-limited-range',
    '-pthread',
    `-I${src}`,
    path.join(bench, 'reference_main.cpp'),
    path.join(src, 'deconv.cpp'),
    path.join(src, 'fft2d.cpp'),
  ];
  const own = path.join(dir, 'harness-own');
  const fftw = path.join(dir, 'harness-fftw');
  sh('g++', [...common, path.join(src, 'fft.cpp'), '-o', own]);
  try {
    sh('g++', [...common, path.join(bench, 'fftw_backend.cpp'), '-lfftw3f', '-o', fftw]);
  } catch (cause) {
    throw new Error(
      'Building the FFTW reference failed: install FFTW (Debian: apt-get install libfftw3-dev).',
      { cause },
    );
  }
  return { own, fftw };
}

function harnessMs(binary: string, args: (string | number)[]): number {
  const out = JSON.parse(sh(binary, args.map(String))) as { ms: number };
  return out.ms;
}

function writeFloats(file: string, data: Float32Array): void {
  fs.writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function readFloats(file: string): Float32Array {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    diff = Math.max(diff, Math.abs((a[k] ?? NaN) - (b[k] ?? 0)));
    scale = Math.max(scale, Math.abs(b[k] ?? 0));
  }
  return diff / (scale || 1);
}

function ncc(a: Float32Array, b: Float32Array): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += ((a[k] ?? 0) - ma) * ((b[k] ?? 0) - mb);
    aa += ((a[k] ?? 0) - ma) ** 2;
    bb += ((b[k] ?? 0) - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** A diagonal, curved camera-shake path filling most of a size x size support. */
function shakeKernel(size: number): Float32Array {
  const k = new Float32Array(size * size);
  const c = (size - 1) / 2;
  for (let s = 0; s <= 400; s++) {
    const t = s / 400;
    const i = Math.round(c + 0.8 * c * (2 * t - 1));
    const j = Math.round(c + 0.7 * c * Math.sin(2.5 * Math.PI * t));
    k[i * size + j] = (k[i * size + j] ?? 0) + 1;
  }
  const total = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / total);
}

async function faceInputs() {
  const file = path.join(sharedDataDir(), 'faces', 'celeba-aligned-nikhil4902', '000002.jpg');
  const { data } = await sharp(file)
    .removeAlpha()
    .resize(FACE_W, FACE_H, { fit: 'cover' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sharpRgb = Float32Array.from(data, (v) => v / 255);
  const kernel = shakeKernel(KERNEL_SIZE);
  const blurry = blurSync(sharpRgb, FACE_W, FACE_H, 3, kernel, KERNEL_SIZE);
  return { blurry, sketch: toGray(sharpRgb, FACE_W, FACE_H, 3) };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-native-'));
  try {
    log('building the C++ harness (own FFT and FFTW) ...');
    const bin = buildHarnesses(dir);

    const fft: Record<string, Record<string, number | string>> = {};
    for (const [h, w] of FFT_SIZES) {
      const reps = h * w > 500_000 ? 30 : 100;
      const own = harnessMs(bin.own, ['fft', h, w, reps]);
      const fftw = harnessMs(bin.fftw, ['fft', h, w, reps]);
      const input = Float32Array.from({ length: h * w }, (_, k) => ((k * 7919) % 997) / 997);
      const addon = timeMs(Math.ceil(reps / 3), () => void ifft2(fft2(input, w, h), w, h));
      const jh = 2 ** Math.ceil(Math.log2(h));
      const jw = 2 ** Math.ceil(Math.log2(w));
      const js = new JsFft2D(jh, jw);
      const jsInput = Float64Array.from({ length: jh * jw }, (_, k) => ((k * 7919) % 997) / 997);
      const jsMs = timeMs(h * w > 500_000 ? 5 : 15, () => void js.inverse(js.forward(jsInput)));
      fft[`${h}x${w}`] = {
        ownMs: own,
        fftwMs: fftw,
        addonFromJsMs: addon,
        fftjsMs: jsMs,
        fftjsGrid: `${jh}x${jw}`,
        ownOverFftw: own / fftw,
        fftjsOverOwn: jsMs / own,
      };
      log(
        `FFT ${h}x${w} fwd+inv: own ${own.toFixed(3)} ms, FFTW ${fftw.toFixed(3)} ms ` +
          `(own/FFTW ${(own / fftw).toFixed(2)}x), fft.js ${jsMs.toFixed(2)} ms on ${jh}x${jw} ` +
          `(${(jsMs / own).toFixed(0)}x slower), addon from JS incl. validation+copies ${addon.toFixed(3)} ms`,
      );
    }

    const { blurry, sketch } = await faceInputs();
    const blurryFile = path.join(dir, 'blurry.f32');
    const sketchFile = path.join(dir, 'sketch.f32');
    writeFloats(blurryFile, blurry);
    writeFloats(sketchFile, sketch);

    let addonKernel: Float32Array = new Float32Array();
    let addonOut: Float32Array = new Float32Array();
    const addonMs = timeMs(40, () => {
      const grey = toGray(blurry, FACE_W, FACE_H, 3);
      const est = estimateKernelSync(grey, sketch, FACE_W, FACE_H, {
        kernelSize: KERNEL_SIZE,
        beta: BETA,
        threshold: THRESHOLD,
      });
      addonKernel = est.data;
      addonOut = wienerDeconvolveSync(blurry, FACE_W, FACE_H, 3, est.data, est.size, {
        gamma: GAMMA,
      });
    });
    const fullArgs = (out: string) => [
      'full',
      FACE_W,
      FACE_H,
      KERNEL_SIZE,
      40,
      blurryFile,
      sketchFile,
      out,
      BETA,
      THRESHOLD,
      GAMMA,
    ];
    const ownCppMs = harnessMs(bin.own, fullArgs(path.join(dir, 'own.f32')));
    const fftwFile = path.join(dir, 'fftw.f32');
    const fftwMs = harnessMs(bin.fftw, fullArgs(fftwFile));
    const fftwResult = readFloats(fftwFile);
    const kernelLength = KERNEL_SIZE * KERNEL_SIZE;
    const agreementWithFftw = Math.max(
      relativeError(addonKernel, fftwResult.subarray(0, kernelLength)),
      relativeError(addonOut, fftwResult.subarray(kernelLength)),
    );

    let jsKernel: Float32Array = new Float32Array();
    const jsMs = timeMs(3, () => {
      const grey = toGray(blurry, FACE_W, FACE_H, 3);
      jsKernel = estimateKernelJs(grey, sketch, FACE_W, FACE_H, KERNEL_SIZE, BETA, THRESHOLD);
      wienerRgbJs(blurry, FACE_W, FACE_H, jsKernel, KERNEL_SIZE, GAMMA);
    });

    const ratioVsFftw = addonMs / fftwMs;
    const speedupVsJs = jsMs / addonMs;
    const fullStep = {
      face: `${FACE_H}x${FACE_W}`,
      kernelSize: KERNEL_SIZE,
      addonMs,
      ownCppMs,
      fftwMs,
      jsMs,
      ratioVsFftw,
      speedupVsJs,
      agreementWithFftw,
      jsKernelNcc: ncc(jsKernel, addonKernel),
    };
    log(
      `Full step (estimate ${KERNEL_SIZE}x${KERNEL_SIZE} kernel + Wiener RGB, ${FACE_H}x${FACE_W}): ` +
        `addon ${addonMs.toFixed(2)} ms (C++ harness ${ownCppMs.toFixed(2)} ms), ` +
        `same code on FFTW ${fftwMs.toFixed(2)} ms, pure JS ${jsMs.toFixed(1)} ms`,
    );
    log(
      `  addon/FFTW ${ratioVsFftw.toFixed(2)}x (target <= 2.0), JS/addon ${speedupVsJs.toFixed(1)}x ` +
        `(target >= 20); addon vs FFTW result max rel. diff ${agreementWithFftw.toExponential(1)}, ` +
        `JS kernel NCC ${fullStep.jsKernelNcc.toFixed(4)}`,
    );
    const targets = {
      maxRatioVsFftw: 2,
      minSpeedupVsJs: 20,
      met: ratioVsFftw <= 2 && speedupVsJs >= 20,
    };
    if (json) {
      console.log(
        JSON.stringify({
          cpu: os.cpus()[0]?.model ?? 'unknown',
          fft,
          fullStep,
          ratioVsFftw,
          speedupVsJs,
          targets,
        }),
      );
    } else {
      log(`targets ${targets.met ? 'met' : 'NOT met'}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
