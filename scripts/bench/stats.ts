/** Small statistics the benchmark scripts share. */

/** The value below which `fraction` of `values` lie (nearest rank, the upper one); NaN for none. */
export function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

/** The middle value (the upper one of an even count); NaN for none. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * CPU milliseconds this process used (user + system, every thread: sharp, onnxruntime, worker
 * threads), since `start` (a `process.cpuUsage()` reading) or since it started.
 */
export function cpuMs(start?: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/**
 * Face detections to run before any timing. MediaPipe's WebAssembly and the JavaScript around it
 * reach full speed only after tens of calls (V8 tiers functions up as they run hot): detection on
 * deepface_img13.jpg took 565, 141, 126, 108 ms in its first 4 calls and 54-57 ms from about the
 * 20th on. A batch or the app spends nearly all its time at that steady state; the benchmarks
 * print the first call after start on its own.
 */
export const DETECTOR_WARMUP = 20;
