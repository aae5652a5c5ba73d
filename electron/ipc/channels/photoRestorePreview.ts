import { z } from 'zod';
import { defineChannel } from '../define.js';
import { encodedImageSchema, photoPath, photoSettingsSchema } from './shared.js';

export const photoRestorePreview = defineChannel({
  summary:
    'Restores the whole photo with the given settings and returns before and after renditions ' +
    'of the same size (long edge <= maxEdge) for the compare views. Nothing is written to disk.',
  args: z.object({
    path: photoPath,
    requestId: z.string().min(1).max(100),
    settings: photoSettingsSchema,
    maxEdge: z.number().int().min(256).max(8192).default(2048),
  }),
  result: z.object({
    before: encodedImageSchema,
    after: encodedImageSchema,
    restoredFaces: z.number().int().nonnegative(),
    /** Per face: restored or skipped, with a plain-words note (too small, low confidence...). */
    faces: z.array(
      z.object({
        id: z.number().int(),
        status: z.enum(['restored', 'skipped']),
        note: z.string().optional(),
      }),
    ),
    trainedModels: z.boolean(),
    ms: z.number(),
  }),
});
