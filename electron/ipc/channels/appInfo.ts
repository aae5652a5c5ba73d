import { z } from 'zod';
import { defineChannel, noArgs } from '../define.js';

export const appInfo = defineChannel({
  summary: 'Who is answering: app version, mode (electron or bridge) and what the host offers.',
  args: noArgs,
  result: z.object({
    name: z.string(),
    version: z.string(),
    mode: z.enum(['electron', 'bridge']),
    platform: z.string(),
    /** True in Electron (native dialog); in bridge mode the renderer asks for a typed path. */
    nativeFolderDialog: z.boolean(),
    /** Base URL of the media route: `${mediaBase}/thumb?path=...` (see core/album/media.ts). */
    mediaBase: z.string(),
  }),
});
