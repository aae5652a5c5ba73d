import { describe, expect, it } from 'vitest';
import { faceSettings, initialDefaults, oddKernel, photoSettings } from './restoreSettings.js';

describe('restore settings', () => {
  it('rounds a kernel estimate to the nearest odd size the restorer accepts', () => {
    expect([4, 11, 12, 30, 31, 33.9, 75, 80].map(oddKernel)).toEqual([
      11, 11, 13, 31, 31, 33, 75, 75,
    ]);
  });

  it('gives a face its override, or the defaults, and lists overrides in the photo settings', () => {
    const override = { faceId: 1, kernelSize: 21, strength: 0.5, include: false };
    const overrides = new Map([[1, override]]);
    expect(faceSettings(0, initialDefaults, overrides)).toEqual({
      faceId: 0,
      kernelSize: 'auto',
      strength: 1,
      include: true,
    });
    expect(faceSettings(1, initialDefaults, overrides)).toBe(override);
    expect(photoSettings(initialDefaults, overrides)).toEqual({
      kernelSize: 'auto',
      strength: 1,
      faces: [override],
      wholePhoto: false,
    });
  });
});
