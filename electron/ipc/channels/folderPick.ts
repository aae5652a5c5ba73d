import { z } from 'zod';
import { defineChannel, noArgs } from '../define.js';

export const folderPick = defineChannel({
  summary: 'Shows the native "choose folder" dialog (Electron only); null when cancelled.',
  args: noArgs,
  result: z.object({ folder: z.string().nullable() }),
});
