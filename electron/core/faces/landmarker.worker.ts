/* eslint-disable @typescript-eslint/no-non-null-assertion -- results and pixel loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * worker_threads entry running MediaPipe (BlazeFace + FaceLandmarker, CPU delegate) off the JS
 * thread. Bundled by scripts/build.mjs to dist/electron/landmarker.worker.mjs; found by
 * workerEntry.ts. Receives small RGBA images (downscaled frames, tiles, face crops) and answers
 * in their pixel coordinates; all geometry beyond that happens in the calling thread.
 */
import { parentPort } from 'node:worker_threads';
import type { FaceDetector, FaceLandmarker } from '@mediapipe/tasks-vision';
import type { RgbaImage } from '../image/rgba.js';
import {
  installMediaPipeShims,
  tasksVisionFileset,
  type TasksVisionWasm,
} from './mediapipeRuntime.js';
import { readVerifiedModel } from './models.js';
import type { RawBox, RawMesh, WorkerRequest, WorkerResponse } from './protocol.js';

if (!parentPort) throw new Error('landmarker.worker must run in a worker_thread');
const port = parentPort;

let detector: FaceDetector | null = null;
let landmarker: FaceLandmarker | null = null;

async function init(modelsDir: string, wasm: TasksVisionWasm): Promise<string> {
  const landmarkerModel = readVerifiedModel(modelsDir, 'face_landmarker.task');
  const detectorModel = readVerifiedModel(modelsDir, 'blaze_face_short_range.tflite');
  installMediaPipeShims(wasm);
  const fileset = tasksVisionFileset();
  const vision = await import('@mediapipe/tasks-vision');
  detector = await vision.FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: detectorModel, delegate: 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: 0.5,
  });
  landmarker = await vision.FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: landmarkerModel, delegate: 'CPU' },
    runningMode: 'IMAGE',
    // A crop centred on one face may show a neighbour too; the caller keeps the central one.
    numFaces: 2,
    minFaceDetectionConfidence: 0.5,
    minFacePresenceConfidence: 0.6,
  });
  return fileset.version;
}

function asImageData(image: RgbaImage): ImageData {
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return { data, width: image.width, height: image.height, colorSpace: 'srgb' } as ImageData;
}

function boxes(images: RgbaImage[], minScore: number): RawBox[][] {
  if (!detector) throw new Error('worker not initialised');
  const d = detector;
  return images.map((image) =>
    d
      .detect(asImageData(image))
      .detections.filter((det) => (det.categories[0]?.score ?? 0) >= minScore && det.boundingBox)
      .map((det) => {
        const b = det.boundingBox!;
        return {
          x: b.originX,
          y: b.originY,
          width: b.width,
          height: b.height,
          score: det.categories[0]?.score ?? 0,
          keypoints: det.keypoints.map((k) => [k.x * image.width, k.y * image.height]),
        } satisfies RawBox;
      }),
  );
}

function meshes(images: RgbaImage[]): RawMesh[][] {
  if (!landmarker) throw new Error('worker not initialised');
  const l = landmarker;
  return images.map((image) =>
    l.detect(asImageData(image)).faceLandmarks.map((points) => {
      const out = new Float32Array(points.length * 2);
      points.forEach((p, i) => {
        out[2 * i] = p.x * image.width;
        out[2 * i + 1] = p.y * image.height;
      });
      return { points: out };
    }),
  );
}

port.on('message', (req: WorkerRequest) => {
  void (async (): Promise<WorkerResponse> => {
    try {
      switch (req.kind) {
        case 'init':
          return {
            id: req.id,
            ok: true,
            kind: 'init',
            version: await init(req.modelsDir, req.wasm),
          };
        case 'boxes':
          return { id: req.id, ok: true, kind: 'boxes', boxes: boxes(req.images, req.minScore) };
        case 'mesh':
          return { id: req.id, ok: true, kind: 'mesh', meshes: meshes(req.images) };
      }
    } catch (err) {
      return { id: req.id, ok: false, error: (err as Error).message ?? String(err) };
    }
  })().then((res) => {
    const transfer =
      res.ok && res.kind === 'mesh' ? res.meshes.flat().map((m) => m.points.buffer) : [];
    port.postMessage(res, transfer as ArrayBuffer[]);
  });
});
