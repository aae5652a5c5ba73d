/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/**
 * Guards the Node shims against tasks-vision upgrades: the pinned version is installed, and a
 * real detection on a real face goes through the stand-in GL context with no call it does not
 * implement and no pixel read it cannot serve. Runs MediaPipe in this test's own process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../paths.js';
import { loadRgba } from '../../image/rgba.js';
import {
  compileTasksVisionWasm,
  installMediaPipeShims,
  TASKS_VISION_VERSION,
  tasksVisionFileset,
  unimplementedGlCalls,
  unsupportedReads,
} from '../mediapipeRuntime.js';
import { readVerifiedModel } from '../models.js';
import { facesDir, modelsDir } from './helpers.js';

describe('MediaPipe tasks-vision in Node', () => {
  it('is pinned exactly to the version the shims were written for', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@mediapipe/tasks-vision']).toBe(TASKS_VISION_VERSION);
    const fileset = tasksVisionFileset();
    expect(fileset.version).toBe(TASKS_VISION_VERSION);
    expect(fs.existsSync(fileset.wasmLoaderPath)).toBe(true);
    expect(fs.existsSync(fileset.wasmBinaryPath)).toBe(true);
  });

  it('finds 478 landmarks on a real face through the CPU texture store, from the shared compiled wasm', async () => {
    // What the Emscripten loader hands to WebAssembly.instantiate: with the shims installed
    // with a compiled module, never the bytes it read (each task would compile them again).
    const instantiated: unknown[] = [];
    const instantiate = WebAssembly.instantiate.bind(WebAssembly);
    WebAssembly.instantiate = ((source: BufferSource, imports?: WebAssembly.Imports) => {
      instantiated.push(source);
      return instantiate(source, imports);
    }) as typeof WebAssembly.instantiate;
    const wasm = await compileTasksVisionWasm();
    installMediaPipeShims(wasm);
    const vision = await import('@mediapipe/tasks-vision');
    const landmarker = await vision.FaceLandmarker.createFromOptions(tasksVisionFileset(), {
      baseOptions: {
        modelAssetBuffer: readVerifiedModel(modelsDir, 'face_landmarker.task'),
        delegate: 'CPU',
      },
      runningMode: 'IMAGE',
    });
    const image = await loadRgba(path.join(facesDir, 'lfw-deepfunneled/AJ_Cook_0001.jpg'));
    const result = landmarker.detect({
      data: new Uint8ClampedArray(image.data),
      width: image.width,
      height: image.height,
    } as ImageData);
    landmarker.close();
    expect(instantiated).toEqual([wasm.module]);
    expect(result.faceLandmarks).toHaveLength(1);
    const points = result.faceLandmarks[0]!;
    expect(points).toHaveLength(478);
    // The nose tip of a deep-funneled LFW face sits near the image centre: pixels arrived intact.
    expect(points[1]!.x).toBeGreaterThan(0.4);
    expect(points[1]!.x).toBeLessThan(0.6);
    expect(unsupportedReads).toEqual([]);
    // Calls the graph made that the stand-in only records; anything new needs a look.
    expect([...unimplementedGlCalls].sort()).toEqual([]);
  });
});
