import { z } from 'zod';
import { defineChannel } from '../define.js';
import { photoPath } from './shared.js';

export const faceInfoSchema = z.object({
  /** Stable within a photo: faces are numbered left to right as detected. */
  id: z.number().int().nonnegative(),
  /** Box in the oriented full-resolution photo's pixels. */
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  /** Distance between the eye centres, photo pixels. */
  interOcular: z.number(),
  /** Sharpness of the face region in [0, 1] (gradient energy; low = blurry): the UI's blur score. */
  sharpness: z.number().min(0).max(1),
  /** False for faces too small to restore; `reason` says why. */
  restorable: z.boolean(),
  reason: z.string().optional(),
});
export type FaceInfo = z.infer<typeof faceInfoSchema>;

export const photoOpen = defineChannel({
  summary:
    'Decodes one photo of the open album (EXIF orientation applied) and detects its faces. ' +
    'The photo itself is shown through the media route (`preview` rendition).',
  args: z.object({ path: photoPath }),
  result: z.object({
    path: z.string(),
    /** Oriented full-resolution size: face boxes are in these pixels. */
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    format: z.string(),
    bitDepth: z.union([z.literal(8), z.literal(16)]),
    tone: z.enum(['color', 'gray', 'sepia']),
    faces: z.array(faceInfoSchema),
    /** A restored copy written by this app or the CLI (default output folder), if any. */
    restoredPath: z.string().nullable(),
    ms: z.number(),
  }),
});
