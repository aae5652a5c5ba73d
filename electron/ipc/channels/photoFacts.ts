import { z } from 'zod';
import { defineChannel } from '../define.js';
import { photoPath } from './shared.js';

export const photoFactsSchema = z.object({
  path: z.string(),
  faceCount: z.number().int().nonnegative(),
  /** Sharpness of the blurriest restorable face in [0, 1]; null without faces. */
  sharpness: z.number().nullable(),
  restored: z.boolean(),
  /** Why the photo could not be analysed (corrupt, too large, gone); counts are 0/null then. */
  error: z.string().optional(),
});
export type PhotoFacts = z.infer<typeof photoFactsSchema>;

export const photoFacts = defineChannel({
  summary:
    'Face count, blur score and restored-or-not for photos of the open album, for sorting, ' +
    'filtering and grid badges. Cached on disk by path, size and mtime; photos not analysed ' +
    'yet are analysed now (call with the visible ones first).',
  args: z.object({ paths: z.array(photoPath).max(500) }),
  result: z.object({ facts: z.array(photoFactsSchema) }),
});
