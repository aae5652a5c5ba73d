import { z } from 'zod';
import { defineChannel } from '../define.js';
import { encodedImageSchema, faceSettingsSchema, photoPath } from './shared.js';

export const faceRestore = defineChannel({
  summary:
    'Restores one face of a photo opened with photoOpen and returns every intermediate for the ' +
    'face panel. A newer request for the same face cancels the older one (code "cancelled").',
  args: z.object({
    path: photoPath,
    /** Chosen by the renderer; faceRestoreCancel takes it. */
    requestId: z.string().min(1).max(100),
    settings: faceSettingsSchema,
  }),
  result: z.object({
    faceId: z.number().int(),
    /** 240x200 crops: blurry input, G's sketch, Wiener x0, the final blend. */
    blurry: encodedImageSchema,
    sketch: encodedImageSchema,
    x0: encodedImageSchema,
    final: encodedImageSchema,
    /** The estimated kernel, scaled to its maximum and enlarged for display (nearest). */
    kernelImage: encodedImageSchema,
    kernelSize: z.number().int(),
    /** The kernel's weights, row-major kernelSize x kernelSize, summing to 1 (for tooltips). */
    kernelWeights: z.array(z.number()),
    /** How well sketch and kernel explain the blurry gradients, [0, 1]. */
    confidence: z.number().min(0).max(1),
    lowConfidence: z.boolean(),
    /** False when models/ holds untrained stand-ins: the UI must not call the result a restoration. */
    trainedModels: z.boolean(),
    timings: z.record(z.string(), z.number()),
  }),
});

export const faceRestoreCancel = defineChannel({
  summary: 'Cancels a running faceRestore (no-op when it already finished).',
  args: z.object({ requestId: z.string().min(1).max(100) }),
  result: z.object({ cancelled: z.boolean() }),
});
