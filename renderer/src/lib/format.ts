/** The file name of an album path ('a/b/c.jpg' -> 'c.jpg'). */
export function fileName(relativePath: string): string {
  return relativePath.slice(relativePath.lastIndexOf('/') + 1);
}

/** A duration in words a person reads at a glance: "45 s", "3 min 10 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A [0, 1] score as a percentage ("37%"). */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * Sharpness (core/faces/quality.ts) reads 0.5 between a soft and a crisp face: below it a face
 * is worth restoring. The UI shows sharpness itself (higher = crisper) with this word beside it.
 */
export const BLURRY_BELOW = 0.5;

export function sharpnessWord(sharpness: number): 'blurry' | 'soft' | 'sharp' {
  if (sharpness < 0.3) return 'blurry';
  return sharpness < BLURRY_BELOW ? 'soft' : 'sharp';
}
