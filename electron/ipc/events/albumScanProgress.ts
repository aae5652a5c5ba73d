import { z } from 'zod';
import { defineEvent } from '../define.js';

export const albumScanProgress = defineEvent({
  summary: 'Emitted while album:open scans a folder (every few hundred files, and at the end).',
  payload: z.object({
    folder: z.string(),
    found: z.number().int().nonnegative(),
    done: z.boolean(),
  }),
});
