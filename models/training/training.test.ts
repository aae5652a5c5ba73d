// The training code is Python; its fast tests (network shapes, the sketch loss, exact resume,
// ONNX export agreement through onnxruntime-node) run here so `npm test` covers them.
import { describe, expect, it } from 'vitest';
import { runPython } from '../../scripts/data/python.js';

describe('training code (models/training)', () => {
  it('builds the networks, resumes exactly and exports ONNX that agrees with torch', () => {
    const out = runPython([
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
      'models/training/test_training.py',
    ]);
    expect(out).toMatch(/\d+ passed/);
    expect(out).not.toMatch(/failed|error/);
  }, 180_000);
});
