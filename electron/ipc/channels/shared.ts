/**
 * Schemas several channels share: restoration settings and encoded images. Browser-safe (zod only).
 */
import { z } from 'zod';

/** Absolute path of a photo inside an album opened in this session. */
export const photoPath = z
  .string()
  .min(1, 'Give the photo path.')
  .refine((s) => !s.includes('\0'), 'The photo path contains a NUL character.');

/** 'auto' or an odd size 11..75 in aligned-crop pixels (the native addon's range). */
export const kernelSizeSchema = z.union([
  z.literal('auto'),
  z
    .number()
    .int()
    .min(11)
    .max(75)
    .refine((n) => n % 2 === 1, 'The kernel size must be odd (11, 13, ... 75).'),
]);
export type KernelSizeSetting = z.infer<typeof kernelSizeSchema>;

/** One face's settings in the face panel; also what export and batch apply per face. */
export const faceSettingsSchema = z.object({
  faceId: z.number().int().nonnegative(),
  kernelSize: kernelSizeSchema.default('auto'),
  /** Fidelity blend: 0 = the physically faithful Wiener result x0, 1 = the network's output. */
  strength: z.number().min(0).max(1).default(1),
  include: z.boolean().default(true),
});
export type FaceSettings = z.infer<typeof faceSettingsSchema>;

/** Settings of a whole photo: defaults for every face, per-face overrides, whole-photo mode. */
export const photoSettingsSchema = z.object({
  kernelSize: kernelSizeSchema.default('auto'),
  strength: z.number().min(0).max(1).default(1),
  faces: z.array(faceSettingsSchema).default([]),
  /** EXPERIMENTAL: deconvolve the whole frame with the most confident face's kernel. */
  wholePhoto: z.boolean().default(false),
});
export type PhotoSettings = z.infer<typeof photoSettingsSchema>;

/** An image produced in main and shown by the renderer (it makes a blob: URL of it). */
export const encodedImageSchema = z.object({
  mime: z.enum(['image/png', 'image/jpeg']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  base64: z.string(),
});
export type EncodedImage = z.infer<typeof encodedImageSchema>;

export const outputFormatSchema = z.enum(['same', 'jpeg', 'png', 'tiff']);
