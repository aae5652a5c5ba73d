import { z } from 'zod';
import { defineChannel } from '../define.js';
import { encodedImageSchema, photoPath, photoSettingsSchema } from './shared.js';

/**
 * Long edge of the renditions when the caller asks for none (the album's 'preview' rendition has
 * the same size), and the most a caller may ask for (real pixels up to this long edge). The
 * renderer keeps copies (it imports only types from the contract); realPixels.test.ts pins them.
 */
export const PREVIEW_EDGE_DEFAULT = 2048;
export const PREVIEW_EDGE_MAX = 8192;

export const photoRestorePreview = defineChannel({
  summary:
    'Restores the whole photo with the given settings and returns before and after renditions ' +
    'of the same size (long edge <= maxEdge) for the compare views. Nothing is written to disk.',
  args: z.object({
    path: photoPath,
    requestId: z.string().min(1).max(100),
    settings: photoSettingsSchema,
    maxEdge: z.number().int().min(256).max(PREVIEW_EDGE_MAX).default(PREVIEW_EDGE_DEFAULT),
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
