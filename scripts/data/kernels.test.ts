// The camera-shake kernel generator is Python (training draws kernels on the fly); its tests
// are pytest files run here so `npm test` covers them.
import { describe, expect, it } from 'vitest';
import { runPytest } from './python.js';

describe('camera-shake kernel generator (models/training/data)', () => {
  it('is seeded, reproducible, and gives non-negative, normalised, centred kernels that fit', () => {
    expect(runPytest('models/training/data/tests')).toMatch(/\d+ passed/);
  });
});
