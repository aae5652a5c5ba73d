import { z } from 'zod';
import { defineChannel } from '../define.js';
import { photoPath, photoSettingsSchema } from './shared.js';

export const photoExport = defineChannel({
  summary:
    'Writes the restored photo with the same rules as the CLI (output folder from settings, ' +
    'mirrored tree, same format unless set, metadata + ICC kept, provenance XMP, atomic). ' +
    'Never overwrites: an existing output fails with code "exists".',
  args: z.object({ path: photoPath, settings: photoSettingsSchema }),
  result: z.object({
    output: z.string(),
    restoredFaces: z.number().int().nonnegative(),
    ms: z.number(),
  }),
});
