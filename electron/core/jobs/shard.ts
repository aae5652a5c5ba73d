/**
 * --shard K/N: the K-th (1-based) of N disjoint slices of the input list, so an archive runs as
 * N independent processes under an existing scheduler (Slurm array, Kubernetes indexed Job, GNU
 * parallel). A photo's slice depends only on its output key (a hash), not on the rest of the
 * list: shards agree even when processes see folders at slightly different times.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  index: number;
  count: number;
}

/** Parses "K/N" (1 <= K <= N); the error says what was expected. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RangeError(`--shard must be K/N with 1 <= K <= N (e.g. 3/8), got "${text}"`);
  }
  return { index, count };
}

/** 1-based slice of `key` among `count` slices. */
export function shardOf(key: string, count: number): number {
  const h = createHash('sha256').update(key).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export function inShard<T extends { key: string }>(items: readonly T[], shard: Shard): T[] {
  return items.filter((item) => shardOf(item.key, shard.count) === shard.index);
}
