import { z } from 'zod';
import { defineChannel, noArgs } from '../define.js';
import { outputFormatSchema } from './shared.js';

export const appSettingsSchema = z.object({
  /** Null: a `restored/` folder next to each album (the CLI's default). */
  outputFolder: z.string().nullable(),
  format: outputFormatSchema,
  /** Execution provider wish; 'auto' takes the GPU provider when it loads, else CPU. */
  provider: z.enum(['auto', 'cpu', 'gpu']),
  /** onnxruntime intra-op threads; 0 = automatic (physical cores). */
  threads: z.number().int().min(0).max(64),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

const settingsResult = z.object({
  settings: appSettingsSchema,
  /** What is actually running: e.g. "cpu", "cuda", and why (fallback reason included). */
  activeProvider: z.string(),
  providerReason: z.string(),
  /** False when models/ holds untrained stand-ins or nothing: the app says so. */
  trainedModels: z.boolean(),
  modelsNote: z.string(),
});

export const settingsGet = defineChannel({
  summary:
    'The app settings (persisted in the user-data folder) and the active execution provider.',
  args: noArgs,
  result: settingsResult,
});

export const settingsSet = defineChannel({
  summary:
    'Changes some settings; inference sessions are re-created when provider or threads change.',
  args: appSettingsSchema.partial(),
  result: settingsResult,
});
