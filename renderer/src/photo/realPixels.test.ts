import { describe, expect, it } from 'vitest';
import { needsRealPixels } from './realPixels.js';

describe('needsRealPixels', () => {
  // A 4352 px wide photo with its 2048 px preview: the preview's scale is 2048 / 4352 = 0.47.
  it('asks for real pixels from the preview scale up, in device pixels', () => {
    expect(needsRealPixels(2048, 4352, 0.2, 1)).toBe(false); // fit
    expect(needsRealPixels(2048, 4352, 2048 / 4352, 1)).toBe(true);
    expect(needsRealPixels(2048, 4352, 1, 1)).toBe(true); // 100%
    // 100% on a HiDPI screen is 0.5 CSS px per photo pixel: still past the preview's scale.
    expect(needsRealPixels(2048, 4352, 0.5, 2)).toBe(true);
    expect(needsRealPixels(2048, 4352, 0.2, 2)).toBe(false);
  });

  it('never for a preview that already holds every pixel', () => {
    expect(needsRealPixels(1280, 1280, 4, 2)).toBe(false);
  });
});
