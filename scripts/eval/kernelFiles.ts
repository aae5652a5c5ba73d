/**
 * Benchmark kernels from disk: a folder of 16-bit (or 8-bit) grayscale PNGs, square with an
 * odd side (models/benchmark/, written by models/training/data/make_benchmark_kernels.py).
 * A kernel file only fixes the kernel's shape: it is normalised to sum 1 when read.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export interface BenchmarkKernel {
  /** File name, e.g. kernel-31-a.png. */
  name: string;
  size: number;
  /** size x size, row-major, non-negative, sums to 1. */
  data: Float32Array;
}

/** The native addon accepts odd kernel sizes up to 75 (native/README.md). */
export const MAX_KERNEL_SIZE = 75;

export async function loadKernelPng(file: string): Promise<BenchmarkKernel> {
  const name = path.basename(file);
  const meta = await sharp(file)
    .metadata()
    .catch((error: unknown) => {
      throw new Error(`kernel ${file} is not a readable image: ${(error as Error).message}`);
    });
  const { width, height, channels, format } = meta;
  if (
    format !== 'png' ||
    channels !== 1 ||
    width !== height ||
    width % 2 === 0 ||
    width < 3 ||
    width > MAX_KERNEL_SIZE
  ) {
    throw new Error(
      `${file} is not a kernel: need a single-channel grayscale PNG, square with an odd side 3..${MAX_KERNEL_SIZE} ` +
        `(got ${format} ${width}x${height}, ${channels} channel${channels === 1 ? '' : 's'})`,
    );
  }
  const { data } = await sharp(file)
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const values = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  let total = 0;
  for (const v of values) total += v;
  if (total === 0) throw new Error(`${file} is not a kernel: every pixel is zero`);
  return { name, size: width, data: Float32Array.from(values, (v) => v / total) };
}

/** Every *.png of `dir`, sorted by name, as kernels; errors say which folder or file is wrong. */
export async function loadKernelDir(dir: string): Promise<BenchmarkKernel[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new Error(`kernels folder ${dir} does not exist (pass --kernels DIR with kernel PNGs)`);
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.png')).sort();
  if (files.length === 0) throw new Error(`kernels folder ${dir} holds no .png kernel files`);
  return Promise.all(files.map((f) => loadKernelPng(path.join(dir, f))));
}
