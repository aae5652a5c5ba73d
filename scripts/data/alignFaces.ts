/**
 * Face photos -> canonical 240x200 crops through the project's face module (electron/core/faces),
 * the same detection and alignment the app uses, so training data, the benchmark and inference
 * see identical framing. One face per image: the data sets hold one subject per photo, and the
 * face nearest the image centre is that subject when a bystander is also found.
 */
import { loadRgba, type RgbaImage } from '../../electron/core/image/rgba.js';
import {
  alignFace,
  applyAffine,
  CROP_HEIGHT,
  CROP_WIDTH,
  FaceDetector,
  LANDMARK_COUNT,
  type DetectedFace,
} from '../../electron/core/faces/index.js';

export { CROP_HEIGHT, CROP_WIDTH };
export const LANDMARKS = LANDMARK_COUNT;

export interface AlignedFace {
  /** CROP_HEIGHT x CROP_WIDTH x 3 RGB bytes. */
  crop: Uint8Array;
  /** LANDMARKS (x, y) pairs in crop pixels. */
  landmarks: Float32Array;
  /** The face the crop was cut around (photo pixels), to align companion images the same way. */
  face: DetectedFace;
  image: RgbaImage;
}

/** Why an image gave no training face. */
export interface Rejection {
  reason: string;
}

export interface FaceAligner {
  alignFile(file: string): Promise<AlignedFace | Rejection>;
  close(): Promise<void>;
}

/** The face whose nose tip is nearest the image centre. */
function centralFace(faces: readonly DetectedFace[], image: RgbaImage): DetectedFace | undefined {
  const distance = (f: DetectedFace) =>
    Math.hypot(
      f.box.x + f.box.width / 2 - image.width / 2,
      f.box.y + f.box.height / 2 - image.height / 2,
    );
  return [...faces].sort((a, b) => distance(a) - distance(b))[0];
}

/** Crop pixels of every landmark of `face`. */
function cropLandmarks(face: DetectedFace): Float32Array {
  const out = new Float32Array(face.landmarks.length);
  for (let i = 0; i < out.length; i += 2) {
    const [x, y] = applyAffine(
      face.alignment,
      face.landmarks[i] as number,
      face.landmarks[i + 1] as number,
    );
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}

export async function createFaceAligner(): Promise<FaceAligner> {
  const detector = await FaceDetector.create();
  return {
    async alignFile(file) {
      let image: RgbaImage;
      try {
        image = await loadRgba(file);
      } catch (error) {
        return { reason: `not decodable: ${(error as Error).message}` };
      }
      let faces: DetectedFace[];
      try {
        faces = await detector.detectFaces(image);
      } catch (error) {
        // An image too small to search is a rejection; anything else (the worker died) stops.
        if (error instanceof RangeError) return { reason: error.message };
        throw new Error(`face detection failed on ${file}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const face = centralFace(faces, image);
      if (!face) return { reason: 'no face detected' };
      if (face.tooSmall) return { reason: face.tooSmall };
      const crop = alignFace(image, face).crop.data;
      return { crop, landmarks: cropLandmarks(face), face, image };
    },
    close: () => detector.close(),
  };
}
