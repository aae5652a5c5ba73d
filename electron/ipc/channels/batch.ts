import { z } from 'zod';
import { defineChannel } from '../define.js';
import { photoPath, photoSettingsSchema } from './shared.js';

const batchId = z.object({ batchId: z.string().min(1) });

export const batchStart = defineChannel({
  summary:
    'Queues photos for restoration with one set of settings (per-face settings ignored) and ' +
    'starts at once. Outputs follow the export rules; photos already complete in the output ' +
    "folder's manifest are skipped, so starting the same batch again resumes it. Progress: the " +
    'batchProgress event.',
  args: z.object({
    paths: z.array(photoPath).min(1, 'Select at least one photo.').max(100_000),
    settings: photoSettingsSchema,
  }),
  result: batchId,
});

export const batchPause = defineChannel({
  summary: 'Pauses a batch after the photos in flight (their outputs complete).',
  args: batchId,
  result: z.object({ state: z.string() }),
});

export const batchResume = defineChannel({
  summary: 'Resumes a paused batch.',
  args: batchId,
  result: z.object({ state: z.string() }),
});

export const batchCancel = defineChannel({
  summary: 'Cancels a batch: nothing new starts, photos in flight finish (atomic writes).',
  args: batchId,
  result: z.object({ state: z.string() }),
});
