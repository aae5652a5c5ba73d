// The training code is Python; its fast tests (network shapes, the sketch loss, exact resume,
// ONNX export agreement through onnxruntime-node, the differentiable physics) run here so
// `npm test` covers them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../electron/core/paths.js';
import { DEFAULTS } from '../../native/index.js';
import { runPytest } from '../../scripts/data/python.js';

describe('training code (models/training)', () => {
  it('builds the networks, resumes exactly and exports ONNX that agrees with torch', () => {
    expect(runPytest('models/training/test_training.py')).toMatch(/\d+ passed/);
  }, 180_000);

  it('differentiable physics: kernel estimation, Wiener and blur agree with their definitions', () => {
    expect(runPytest('models/training/test_physics.py')).toMatch(/\d+ passed/);
  }, 120_000);

  it('trains with the physics parameters the app runs (native DEFAULTS)', () => {
    // A is trained on x0 computed with physics.py's constants; the app computes x0 with the
    // addon's defaults. If they drift apart, A sees inputs in the app it was never trained on.
    const source = readFileSync(path.join(repoRoot, 'models/training/physics.py'), 'utf8');
    const constant = (name: string) =>
      Number(new RegExp(`^${name} = ([0-9.e-]+)`, 'm').exec(source)?.[1]);
    expect(constant('BETA')).toBe(DEFAULTS.beta);
    expect(constant('THRESHOLD')).toBe(DEFAULTS.threshold);
    expect(constant('GAMMA')).toBe(DEFAULTS.gamma);
  });
});
