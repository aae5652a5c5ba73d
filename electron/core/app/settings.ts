/**
 * The app settings (output folder, format, execution provider, threads), persisted as
 * `settings.json` in the app's data folder. Validated with the contract's own schema on load,
 * so a hand-edited or older file never breaks startup: invalid fields fall back to defaults.
 * Writes are atomic (temp + rename), so a crash never leaves half a file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { appSettingsSchema, type AppSettings } from '../../ipc/channels/settings.js';
import { writeFileAtomic } from '../image/atomicWrite.js';
import { AppError } from './errors.js';

export const DEFAULT_SETTINGS: AppSettings = {
  outputFolder: null,
  format: 'same',
  provider: 'auto',
  threads: 0,
};

export class SettingsStore {
  readonly file: string;
  #current: AppSettings = DEFAULT_SETTINGS;
  #loaded: Promise<void> | null = null;

  constructor(dir: string) {
    this.file = path.join(dir, 'settings.json');
  }

  async get(): Promise<AppSettings> {
    this.#loaded ??= this.#load();
    await this.#loaded;
    return this.#current;
  }

  /** Applies `patch`, saves, and returns the new settings. */
  async set(patch: Partial<AppSettings>): Promise<AppSettings> {
    const next = appSettingsSchema.parse({ ...(await this.get()), ...patch });
    if (next.outputFolder !== null && !path.isAbsolute(next.outputFolder)) {
      throw new AppError(
        'invalid-settings',
        `The output folder must be an absolute path, not "${next.outputFolder}"; choose it again.`,
      );
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, Buffer.from(JSON.stringify(next, null, 2) + '\n'));
    this.#current = next;
    return next;
  }

  async #load(): Promise<void> {
    let stored: Record<string, unknown>;
    try {
      stored = JSON.parse(await fs.readFile(this.file, 'utf8')) as Record<string, unknown>;
    } catch {
      return; // first start, or an unreadable file: defaults
    }
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, schema] of Object.entries(appSettingsSchema.shape)) {
      const field = schema.safeParse(stored[key]);
      if (field.success) settings[key] = field.data;
    }
    this.#current = appSettingsSchema.parse(settings);
  }
}
