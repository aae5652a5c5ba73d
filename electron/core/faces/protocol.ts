/** Messages between the faces module and its MediaPipe worker (landmarker.worker.ts). */
import type { RgbaImage } from '../image/rgba.js';
import type { TasksVisionWasm } from './mediapipeRuntime.js';

/** A BlazeFace detection in the pixel coordinates of the image it ran on. */
export interface RawBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  /** 6 keypoints: right eye, left eye, nose tip, mouth, right ear, left ear (subject's sides). */
  keypoints: [number, number][];
}

/** One face mesh: 478 (x, y) pairs in the pixel coordinates of the image it ran on. */
export interface RawMesh {
  points: Float32Array;
}

export type WorkerRequest =
  | { id: number; kind: 'init'; modelsDir: string; wasm: TasksVisionWasm }
  | { id: number; kind: 'boxes'; images: RgbaImage[]; minScore: number }
  | { id: number; kind: 'mesh'; images: RgbaImage[] };

export type WorkerResponse =
  | { id: number; ok: true; kind: 'init'; version: string }
  | { id: number; ok: true; kind: 'boxes'; boxes: RawBox[][] }
  | { id: number; ok: true; kind: 'mesh'; meshes: RawMesh[][] }
  | { id: number; ok: false; error: string };
