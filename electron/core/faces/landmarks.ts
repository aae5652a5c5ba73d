/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * Indices into MediaPipe's 478-point face mesh that this module relies on (canonical face
 * model topology, stable across tasks-vision releases). "Right"/"left" are the subject's.
 */
export const LANDMARK_COUNT = 478;

export const RIGHT_EYE_CORNERS = [33, 133] as const;
export const LEFT_EYE_CORNERS = [362, 263] as const;
export const NOSE_TIP = 1;
export const MOUTH_RIGHT = 61;
export const MOUTH_LEFT = 291;

/** The face oval, in order around the face (MediaPipe FACEMESH_FACE_OVAL). */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
  176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

export type Point = [number, number];

/** Landmark `i` of a flat (x0, y0, x1, y1, ...) array. */
export function point(landmarks: ArrayLike<number>, i: number): Point {
  return [landmarks[2 * i]!, landmarks[2 * i + 1]!];
}

function mean(landmarks: ArrayLike<number>, indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += landmarks[2 * i]!;
    y += landmarks[2 * i + 1]!;
  }
  return [x / indices.length, y / indices.length];
}

/**
 * The five alignment anchors: right eye centre, left eye centre, nose tip, right and left mouth
 * corners. Eye centres are the mean of the eye corners (stable under gaze, unlike the iris).
 */
export function alignmentAnchors(landmarks: ArrayLike<number>): Point[] {
  return [
    mean(landmarks, RIGHT_EYE_CORNERS),
    mean(landmarks, LEFT_EYE_CORNERS),
    point(landmarks, NOSE_TIP),
    point(landmarks, MOUTH_RIGHT),
    point(landmarks, MOUTH_LEFT),
  ];
}

/** Distance between the eye centres, in the landmarks' pixels. */
export function interOcularDistance(landmarks: ArrayLike<number>): number {
  const [r, l] = alignmentAnchors(landmarks);
  return Math.hypot(l![0] - r![0], l![1] - r![1]);
}
