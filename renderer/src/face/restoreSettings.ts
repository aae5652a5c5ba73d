import type {
  FaceSettings,
  KernelSizeSetting,
  PhotoSettings,
} from '../../../electron/ipc/contract.js';

/** What applies to every face unless the face panel overrides it (and all a batch uses). */
export interface RestoreDefaults {
  kernelSize: KernelSizeSetting;
  strength: number;
}

export const initialDefaults: RestoreDefaults = { kernelSize: 'auto', strength: 1 };

/** Per-face overrides of the open photo, by face id. */
export type FaceOverrides = ReadonlyMap<number, FaceSettings>;

/** A face's settings: its override, or the defaults. */
export function faceSettings(
  faceId: number,
  defaults: RestoreDefaults,
  overrides: FaceOverrides,
): FaceSettings {
  return overrides.get(faceId) ?? { faceId, ...defaults, include: true };
}

/** The settings of a whole photo for export and the compare preview. */
export function photoSettings(defaults: RestoreDefaults, overrides: FaceOverrides): PhotoSettings {
  return { ...defaults, faces: [...overrides.values()], wholePhoto: false };
}

/** The odd kernel sizes the restorer accepts (electron/ipc/channels/shared.ts). */
export const KERNEL_MIN = 11;
export const KERNEL_MAX = 75;

/** Nearest accepted manual size, e.g. from an estimated kernel. */
export function oddKernel(size: number): number {
  const odd = Math.round((size - 1) / 2) * 2 + 1;
  return Math.min(KERNEL_MAX, Math.max(KERNEL_MIN, odd));
}
