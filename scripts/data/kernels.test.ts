// The camera-shake kernel generator is Python (training draws kernels on the fly); its tests
// are pytest files run here so `npm test` covers them.
import { describe, expect, it } from 'vitest';
import { runPython } from './python.js';

describe('camera-shake kernel generator (models/training/data)', () => {
  it('is seeded, reproducible, and gives non-negative, normalised, centred kernels that fit', () => {
    const out = runPython([
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
      'models/training/data/tests',
    ]);
    expect(out).toMatch(/\d+ passed/);
    expect(out).not.toMatch(/failed|error/);
  });
});
