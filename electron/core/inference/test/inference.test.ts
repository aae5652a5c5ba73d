import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRestorationModels, ModelsUnavailableError, SKETCH_MODEL } from '../models.js';
import { providerPlan } from '../providers.js';
import { loadModel, ModelFileError, releaseModels, sha256File } from '../session.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-ort-'));
afterAll(async () => {
  await releaseModels();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('inference sessions', () => {
  it('loads a verified model once, runs it and reports the provider', async () => {
    const file = path.join(fixtures, SKETCH_MODEL);
    const sha = await sha256File(file);
    const logs: string[] = [];
    const a = await loadModel(file, sha, { intraOpThreads: 1, log: (m) => logs.push(m) });
    const b = await loadModel(file, sha);
    expect(b).toBe(a);
    expect(a.provider).toBe('cpu');
    expect(logs.join('\n')).toMatch(/CUDA provider not installed/);
    const input = new Float32Array(3 * 240 * 200).fill(0.5);
    const out = await a.run({ blurry: { data: input, dims: [1, 3, 240, 200] } });
    expect(out.sketch?.dims).toEqual([1, 1, 240, 200]);
    expect(out.sketch?.data[1000]).toBeCloseTo(0.5, 5);
  });

  it('refuses a file whose sha256 does not match, naming the file', async () => {
    const copy = path.join(tmp, 'tampered.onnx');
    const bytes = fs.readFileSync(path.join(fixtures, SKETCH_MODEL));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    fs.writeFileSync(copy, bytes);
    const expected = await sha256File(path.join(fixtures, SKETCH_MODEL));
    await expect(loadModel(copy, expected)).rejects.toBeInstanceOf(ModelFileError);
    await expect(loadModel(copy, expected)).rejects.toThrow(
      /tampered\.onnx: sha256 .* does not match/,
    );
  });

  it('loads G and A from a manifest and says whether they are trained', async () => {
    const models = await loadRestorationModels(fixtures, { intraOpThreads: 1 });
    expect(models.trained).toBe(false);
    expect(Object.keys(models.hashes).sort()).toEqual(['deartifact.onnx', 'sketch_generator.onnx']);
    await expect(loadRestorationModels(tmp)).rejects.toBeInstanceOf(ModelsUnavailableError);
    await expect(loadRestorationModels(tmp)).rejects.toThrow(/No trained restoration models/);
  });

  it('plans DirectML on Windows, CoreML on macOS, CPU last everywhere', () => {
    expect(providerPlan('win32').order).toEqual(['dml', 'cpu']);
    expect(providerPlan('darwin').order).toEqual(['coreml', 'cpu']);
    expect(providerPlan('linux').order.at(-1)).toBe('cpu');
  });
});
