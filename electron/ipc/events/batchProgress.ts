import { z } from 'zod';
import { defineEvent } from '../define.js';

export const batchItemSchema = z.object({
  path: z.string(),
  status: z.enum(['queued', 'running', 'done', 'skipped', 'failed', 'cancelled']),
  /** Failed: why, in words a user can act on. Skipped: why (already restored, no faces...). */
  reason: z.string().optional(),
  output: z.string().optional(),
});

export const batchProgress = defineEvent({
  summary:
    'Emitted when a batch starts, when each photo starts or finishes, and when it pauses, ' +
    'resumes, is cancelled or ends. Carries only the items that changed since the last event.',
  payload: z.object({
    batchId: z.string(),
    state: z.enum(['running', 'paused', 'cancelled', 'done']),
    total: z.number().int().nonnegative(),
    finished: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    /** Estimated milliseconds left (null until one photo has finished). */
    etaMs: z.number().nullable(),
    outDir: z.string(),
    changed: z.array(batchItemSchema),
  }),
});
