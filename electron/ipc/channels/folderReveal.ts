import { z } from 'zod';
import { defineChannel } from '../define.js';

export const folderReveal = defineChannel({
  summary:
    "Shows a folder in the system's file manager (Electron). In bridge mode there is none: " +
    'answers `revealed: false` and the UI shows the path to copy.',
  args: z.object({ path: z.string().min(1) }),
  result: z.object({ revealed: z.boolean(), path: z.string() }),
});
