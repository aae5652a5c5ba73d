/** Small statistics the benchmark scripts share. */

/** The middle value (the upper one of an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * CPU milliseconds this process used (user + system, every thread: sharp, onnxruntime, worker
 * threads), since `start` (a `process.cpuUsage()` reading) or since it started.
 */
export function cpuMs(start?: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}
