import { z } from 'zod';
import { defineChannel } from '../define.js';

export const photoSchema = z.object({
  /** Absolute path; also the key for media URLs (thumbnails, previews). */
  path: z.string(),
  /** Path relative to the album folder, with '/' separators, for display and sorting. */
  relativePath: z.string(),
  bytes: z.number().int().nonnegative(),
  modifiedMs: z.number(),
});
export type Photo = z.infer<typeof photoSchema>;

export const albumSchema = z.object({
  /** The folder as opened, resolved to an absolute real path. */
  folder: z.string(),
  photos: z.array(photoSchema),
  /** Entries skipped while scanning (unreadable folders, too deep), with the reason. */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type Album = z.infer<typeof albumSchema>;

export const albumOpen = defineChannel({
  summary:
    'Opens a folder as the album: scans it (sub-folders too unless `recursive: false`) for ' +
    'images and allows the ' +
    'media route to serve files inside it.',
  args: z.object({
    folder: z
      .string()
      .trim()
      .min(1, 'Give the folder to open, e.g. /home/me/Pictures.')
      .refine((s) => !s.includes('\0'), 'The folder path contains a NUL character.'),
    /** Include the photos of sub-folders (false: the folder itself only). */
    recursive: z.boolean().default(true),
  }),
  result: albumSchema,
});
