/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel and landmark loops index typed arrays within bounds by construction; noUncheckedIndexedAccess would otherwise add a branch per sample. */
/**
 * Face detection for photos of any size: BlazeFace on a downscaled frame plus overlapping tiles
 * (small faces of group photos), duplicates merged, then the 478-point mesh on a crop around
 * each face, mapped back to full-resolution pixels, with alignment, size and sharpness.
 * MediaPipe runs in a worker_thread (landmarker.worker.ts); resizing runs in sharp's threads.
 */
import os from 'node:os';
import sharp from 'sharp';
import { shrinkArea } from '../../../native/index.js';
import { assertRgbaImage, type RgbaImage } from '../image/rgba.js';
import type { Affine } from './affine.js';
import { alignFace, alignmentMatrix } from './align.js';
import { LandmarkerClient } from './landmarkerClient.js';
import { LandmarkerPool } from './landmarkerPool.js';
import { compileTasksVisionWasm } from './mediapipeRuntime.js';
import {
  alignmentAnchors,
  interOcularDistance,
  LANDMARK_COUNT,
  NOSE_TIP,
  point,
} from './landmarks.js';
import { resolveModelsDir } from './models.js';
import type { RawBox } from './protocol.js';
import { faceSharpness, SHARPNESS_SUPPORT } from './quality.js';
import type { Rect } from './warp.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  /** 0-based, faces ordered left to right. */
  id: number;
  /** Bounding box of the landmarks, full-resolution pixels (may extend past the border). */
  box: Box;
  /** Detector confidence in [0, 1]. */
  score: number;
  /** 478 (x, y) pairs, full-resolution pixels: x0, y0, x1, y1, ... */
  landmarks: Float32Array;
  /** Photo pixels -> canonical 240x200 crop (see align.ts). */
  alignment: Affine;
  /** Distance between the eye centres in pixels. */
  interOcular: number;
  /** True when part of the face lies outside the photo. */
  cutByBorder: boolean;
  /** Why the face is too small to restore, or null. */
  tooSmall: string | null;
  /** Gradient energy of the aligned crop (higher = sharper) and its [0, 1) quality score. */
  sharpness: number;
  quality: number;
}

export interface DetectOptions {
  /** Smallest face width (pixels) to search for with tiles; default max(24, longSide / 40). */
  minFaceSize?: number;
  /** Most tiles to run, finer levels are dropped beyond it (time bound); default 160. */
  maxTiles?: number;
  /**
   * Detector confidence above which a box is a face on the detector's word alone; default 0.65.
   * Weaker boxes (down to 0.5: blurred, turned or half-hidden faces) count only when the
   * landmarker finds a face in the box's own crop and its mesh agrees with the detector's eyes,
   * nose and scale (textures seldom pass both).
   */
  minScore?: number;
  /**
   * Run every planned level. By default finer levels are skipped once the faces found are
   * all well above the next level's detection limit (a portrait needs no crowd search).
   */
  exhaustive?: boolean;
  /** Faces with a smaller inter-ocular distance (pixels) are flagged tooSmall; default 16. */
  minInterOcular?: number;
}

export interface FaceDetectorOptions {
  /** Folder with the model files; default resolveModelsDir({ userDataDir }). */
  modelsDir?: string;
  userDataDir?: string;
  /**
   * MediaPipe worker threads; tiles and face meshes are spread over them. Default: 2 where the
   * machine has 2 or more cores (each worker holds its own copy of the models, ~40 MB).
   */
  workers?: number;
}

/** Detector input side: BlazeFace works at 128x128; 256 keeps its keypoints precise enough. */
const TILE = 256;
/** BlazeFace short-range finds faces down to about this fraction of its input side. */
const MIN_FACE_FRACTION = 1 / 7;
/**
 * Weakest detector box tried at all; see DetectOptions.minScore. The workers' BlazeFace reports
 * nothing weaker (landmarker.worker.ts).
 */
const CANDIDATE_SCORE = 0.5;
/**
 * How far the mesh of a weak box may disagree with the detector's own keypoints: eye midpoint and
 * nose tip within these fractions of the box width, inter-ocular distance within this ratio.
 * Measured on the sample photos: real faces (also blurred, turned or half-hidden ones) stay
 * within eyes 0.15, nose 0.19, 1.15x; the misfires (an amplifier, a hand) reach eyes 0.28,
 * nose 0.35, or 1.55x and more.
 */
const AGREEMENT = { eyes: 0.2, nose: 0.25, scale: 1.4 };
/** Side of the square crop the mesh runs on. */
const MESH_CROP = 256;
/**
 * Crop side relative to the detector box, tried in order until the landmarker finds the central
 * face. FaceLandmarker runs its own BlazeFace on the crop first; on strongly blurred faces that
 * detector fails when the face fills over half the crop (1.8) yet succeeds with more context
 * (2.6: blurred faces of restormer_engagement and srn-deblur_4c6; 3.6 and 5: 4 more faces of the
 * cork and skyscraper photos, a small motion-blurred face of a GOPRO frame; none wrong on the 63
 * sample photos). Each try costs a landmarker call, only for confident boxes still meshless.
 */
const MESH_CONTEXTS = [1.8, 2.6, 3.6, 5];
/** The level made by the first read of the full frame (see detectFaces). */
const SHARED_LEVEL = 2;
/** Smallest photo side accepted (BlazeFace needs some pixels to work with). */
export const MIN_IMAGE_SIDE = 32;

/**
 * Grey surround (level pixels) around the frame at the coarse levels. BlazeFace seldom finds a
 * face the frame cuts when the cut runs along the edge of its input, yet finds most of them when
 * the face sits on a neutral surround: a selfie's nearest face and the half-cut faces at its
 * edges (deepface_selfie-many-people: 6 of 7 faces found, 4 without). Level 1 gets it around its
 * tiles (no extra tile on a 12 MP photo); level 0 gets a second, surrounded, whole-frame tile, as
 * shrinking the frame to make room would cost level 0 resolution. Finer levels would need ~20%
 * more tiles.
 */
const COARSE_MARGIN = 32;
/** The surround's colour, RGBA 128, 128, 128, 255 as one little-endian word. */
const SURROUND = 0xff808080;
interface Level {
  /** k: tiles cover longSide / 2^k photo pixels (level 0 has two: plain and surrounded). */
  depth: number;
  scale: number; // level pixels per photo pixel
  /** The frame's size at this level, without the surround. */
  width: number;
  height: number;
  /** Width of the grey surround; tiles are placed on the frame plus surround. */
  margin: number;
  /** Tiles in level pixels, on the frame plus surround. */
  tiles: Rect[];
}

function tileStarts(length: number, tile: number): number[] {
  if (length <= tile) return [0];
  // Steps of at most 0.75 tile: any face up to 0.25 tile lies wholly inside some tile; larger
  // ones are the previous level's (limit 2/7 tile there), and BlazeFace also finds faces a
  // tile edge cuts a little.
  const n = Math.ceil((length - tile) / (0.75 * tile)) + 1;
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - tile)) / (n - 1)));
}

/** Level k uses tiles covering longSide / 2^k photo pixels; level 0 is the whole frame. */
export function planLevels(
  width: number,
  height: number,
  opts: Required<Pick<DetectOptions, 'minFaceSize' | 'maxTiles'>>,
): Level[] {
  const long = Math.max(width, height);
  const plan = (depth: number, span: number, margin: number): Level => {
    const scale = Math.min(2, TILE / span);
    const lw = Math.max(1, Math.round(width * scale));
    const lh = Math.max(1, Math.round(height * scale));
    const side = Math.min(TILE, Math.round(span * scale) + (depth === 0 ? 2 * margin : 0));
    const pw = lw + 2 * margin;
    const ph = lh + 2 * margin;
    const tiles = tileStarts(pw, side).flatMap((x) =>
      tileStarts(ph, side).map((y) => ({
        x,
        y,
        width: Math.min(side, pw),
        height: Math.min(side, ph),
      })),
    );
    return { depth, scale, width: lw, height: lh, margin, tiles };
  };
  // The surrounded whole frame: the frame shrunk so that frame and surround fill one tile.
  const surrounded = plan(0, (long * TILE) / (TILE - 2 * COARSE_MARGIN), COARSE_MARGIN);
  const levels = [plan(0, long, 0), surrounded];
  let total = 2;
  for (let k = 1; ; k++) {
    const span = long / 2 ** k; // photo pixels per tile
    if (span * 2 * MIN_FACE_FRACTION <= opts.minFaceSize || span < 64) break;
    const level = plan(k, span, k === 1 ? COARSE_MARGIN : 0);
    if (total + level.tiles.length > opts.maxTiles) break;
    total += level.tiles.length;
    levels.push(level);
  }
  return levels;
}

function toBuffer(image: RgbaImage): Buffer {
  return Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
}

async function resized(image: RgbaImage, width: number, height: number): Promise<RgbaImage> {
  if (width <= image.width && height <= image.height) {
    // Area averaging in the native addon, off the JS thread: the right filter for shrinking,
    // and ~3x faster than sharp on a 12 MP RGBA frame (sharp premultiplies alpha in float).
    const data = await shrinkArea(image.data, image.width, image.height, 4, width, height);
    return { data, width, height };
  }
  // Small photos are enlarged for the detector (level scale up to 2).
  const data = await sharp(toBuffer(image), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

/** Tile `t` of a level whose frame (`level`) sits `margin` pixels inside a grey surround. */
function cutTile(level: RgbaImage, t: Rect, margin: number): RgbaImage {
  const data = new Uint8Array(t.width * t.height * 4);
  const x0 = t.x - margin; // the tile's left edge in frame pixels
  const y0 = t.y - margin;
  const left = Math.max(0, x0);
  const right = Math.min(level.width, x0 + t.width);
  if (left > x0 || right < x0 + t.width || y0 < 0 || y0 + t.height > level.height) {
    new Uint32Array(data.buffer).fill(SURROUND);
  }
  for (let r = Math.max(0, -y0); r < Math.min(t.height, level.height - y0); r++) {
    const from = ((y0 + r) * level.width + left) * 4;
    data.set(level.data.subarray(from, from + (right - left) * 4), (r * t.width + left - x0) * 4);
  }
  return { data, width: t.width, height: t.height };
}

function overlap(a: RawBox, b: RawBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  // Intersection over the smaller box: a face cut by a tile edge is a duplicate, too.
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

/** Keeps the best-scoring box of each overlapping group. */
function mergeBoxes(boxes: RawBox[]): RawBox[] {
  const kept: RawBox[] = [];
  for (const box of [...boxes].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => overlap(k, box) < 0.5)) kept.push(box);
  }
  return kept;
}

/** A face mesh (crop pixels) and the crop it was found in. */
interface MeshHit {
  mesh: Float32Array;
  crop: MeshCrop;
}

interface MeshCrop {
  crop: RgbaImage;
  /** Photo position of the crop's top-left corner and crop pixels per photo pixel. */
  x0: number;
  y0: number;
  scale: number;
}

/** A square crop `context` times the box, MESH_CROP pixels, edges replicated, and its origin. */
async function meshCrop(image: RgbaImage, box: Rect, context: number): Promise<MeshCrop> {
  const side = Math.max(8, Math.round(context * Math.max(box.width, box.height)));
  const x0 = Math.round(box.x + box.width / 2 - side / 2);
  const y0 = Math.round(box.y + box.height / 2 - side / 2);
  const left = Math.max(0, x0);
  const top = Math.max(0, y0);
  const right = Math.min(image.width, x0 + side);
  const bottom = Math.min(image.height, y0 + side);
  const scale = MESH_CROP / side;
  // Pad in output pixels so the inside part keeps exactly `scale`.
  const padLeft = Math.round((left - x0) * scale);
  const padTop = Math.round((top - y0) * scale);
  const innerW = Math.max(1, Math.min(MESH_CROP - padLeft, Math.round((right - left) * scale)));
  const innerH = Math.max(1, Math.min(MESH_CROP - padTop, Math.round((bottom - top) * scale)));
  const data = await sharp(toBuffer(image), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .extract({ left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) })
    .resize(innerW, innerH, { fit: 'fill', kernel: 'cubic' })
    .extend({
      left: padLeft,
      top: padTop,
      right: MESH_CROP - padLeft - innerW,
      bottom: MESH_CROP - padTop - innerH,
      extendWith: 'copy',
    })
    .raw()
    .toBuffer();
  return {
    crop: { data, width: MESH_CROP, height: MESH_CROP },
    x0: left - padLeft / scale,
    y0: top - padTop / scale,
    scale,
  };
}

/** The photo and the detection level shrunk from it that the other coarse levels come from. */
interface MeshSources {
  photo: RgbaImage;
  shared: { image: RgbaImage; scale: number };
}

/**
 * meshCrop from the shared level instead of the photo when the crop shrinks the photo to under
 * half that level's scale: the same view at the same size from ~1/16 of the pixels (the widest
 * contexts of a large box read most of a 12 MP frame: 40-60 ms a crop in sharp). Origin and
 * scale in photo pixels either way.
 */
async function meshCropOf(sources: MeshSources, box: RawBox, context: number): Promise<MeshCrop> {
  const s = sources.shared.scale;
  const wanted = MESH_CROP / (context * Math.max(box.width, box.height));
  // (A small photo's shared level is enlarged: never crop from that.)
  if (s >= 1 || wanted > s / 2) return meshCrop(sources.photo, box, context);
  const crop = await meshCrop(
    sources.shared.image,
    { x: box.x * s, y: box.y * s, width: box.width * s, height: box.height * s },
    context,
  );
  return { crop: crop.crop, x0: crop.x0 / s, y0: crop.y0 / s, scale: crop.scale * s };
}

/** Whether a face mesh and the detector box it came from agree (see AGREEMENT). */
function meshAgrees(box: RawBox, landmarks: Float32Array): boolean {
  const [rightEye, leftEye, nose] = box.keypoints;
  if (!rightEye || !leftEye || !nose) return false;
  const [meshRight, meshLeft, meshNose] = alignmentAnchors(landmarks);
  const eyes = Math.hypot(
    (meshRight![0] + meshLeft![0] - rightEye[0] - leftEye[0]) / 2,
    (meshRight![1] + meshLeft![1] - rightEye[1] - leftEye[1]) / 2,
  );
  const ratio =
    interOcularDistance(landmarks) / Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]);
  return (
    eyes <= AGREEMENT.eyes * box.width &&
    Math.hypot(meshNose![0] - nose[0], meshNose![1] - nose[1]) <= AGREEMENT.nose * box.width &&
    ratio <= AGREEMENT.scale &&
    ratio >= 1 / AGREEMENT.scale
  );
}

function landmarkBox(landmarks: Float32Array): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity; // prettier-ignore
  for (let i = 0; i < landmarks.length; i += 2) {
    x0 = Math.min(x0, landmarks[i]!);
    x1 = Math.max(x1, landmarks[i]!); // prettier-ignore
    y0 = Math.min(y0, landmarks[i + 1]!);
    y1 = Math.max(y1, landmarks[i + 1]!); // prettier-ignore
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export class FaceDetector {
  private readonly pool: LandmarkerPool;

  private constructor(private readonly clients: LandmarkerClient[]) {
    this.pool = new LandmarkerPool(clients);
  }

  /** Starts the workers and loads the models; rejects with a clear error if they are missing or corrupt. */
  static async create({
    modelsDir,
    userDataDir,
    workers = Math.min(2, os.availableParallelism()),
  }: FaceDetectorOptions = {}): Promise<FaceDetector> {
    const dir = modelsDir ?? resolveModelsDir({ userDataDir });
    const wasm = await compileTasksVisionWasm();
    const clients = Array.from(
      { length: Math.max(1, workers) },
      () => new LandmarkerClient(dir, wasm),
    );
    try {
      await Promise.all(clients.map((c) => c.version));
    } catch (err) {
      await Promise.all(clients.map((c) => c.close()));
      throw err;
    }
    return new FaceDetector(clients);
  }

  /** The @mediapipe/tasks-vision version running in the workers. */
  get version(): Promise<string> {
    return this.clients[0]!.version;
  }

  async detectFaces(image: RgbaImage, opts: DetectOptions = {}): Promise<DetectedFace[]> {
    assertRgbaImage(image);
    if (Math.min(image.width, image.height) < MIN_IMAGE_SIDE) {
      throw new RangeError(
        `image is ${image.width}x${image.height} pixels; face detection needs at least ${MIN_IMAGE_SIDE}x${MIN_IMAGE_SIDE}`,
      );
    }
    const long = Math.max(image.width, image.height);
    const minFaceSize = opts.minFaceSize ?? Math.max(24, long / 40);
    const maxTiles = opts.maxTiles ?? 160;
    const minInterOcular = opts.minInterOcular ?? 16;
    const minScore = opts.minScore ?? 0.65;
    const candidateScore = Math.min(minScore, CANDIDATE_SCORE);
    const levels = planLevels(image.width, image.height, { minFaceSize, maxTiles });

    // Shrinking the full frame costs about the same whatever the output size (every pixel is
    // read: ~20 ms at 12 MP), so one read makes the level of depth SHARED_LEVEL, which the
    // coarser levels are shrunk from (levels 0 and 1 always run, level 2 nearly always); each
    // finer level, needed only for faces under ~1/7 of the long side, reads the frame again.
    const shared = levels.findLast((l) => l.depth <= SHARED_LEVEL)!;
    const base = await resized(image, shared.width, shared.height);
    const sources: MeshSources = { photo: image, shared: { image: base, scale: shared.scale } };
    const boxes: RawBox[] = [];
    // Each box's mesh search starts as soon as the box is known, so it runs while the finer
    // levels are searched (see meshSearches).
    const searches = new Map<RawBox, Promise<MeshHit | undefined>>();
    const absorb = (found: RawBox[], weakToo = true) => {
      boxes.splice(0, boxes.length, ...mergeBoxes(boxes.concat(found)));
      this.meshSearches(
        sources,
        weakToo ? boxes : boxes.filter((b) => b.score >= minScore),
        minScore,
        searches,
      );
    };
    const search = (level: Level) =>
      this.levelBoxes(level, level.depth <= shared.depth ? base : image, candidateScore);
    // Levels 0 and 1 always run, queued together; their results are taken in level order,
    // always, so the mesh of a large face starts while level 1's tiles are searched, and the
    // order the boxes arrive in (which decides which box's mesh search is kept) never depends
    // on timing.
    const coarse = levels.filter((l) => l.depth <= 1).map(search);
    // A later level may fail while an earlier one is awaited: its error is thrown in its turn.
    for (const found of coarse) found.catch(() => undefined);
    // Weak boxes wait for level 1: it often replaces a weak whole-frame box with a confident
    // box of the same face (a mesh search on the weak one would be wasted).
    for (const [j, found] of coarse.entries()) absorb(await found, j === coarse.length - 1);
    for (let i = coarse.length; i < levels.length; i++) {
      // Coarse to fine. Unless exhaustive, stop once the faces found are well above what the
      // next level could add: no face near the previous level's detection limit, none missing.
      // Only a face with a mesh ends the search: a false box (texture, the surround's edge)
      // alone never does. The meshes awaited here are needed for the result anyway.
      const limit = (MIN_FACE_FRACTION * TILE) / levels[i - 1]!.scale;
      if (
        !opts.exhaustive &&
        boxes.length > 0 &&
        Math.min(...boxes.map((b) => b.width)) > 2 * limit
      ) {
        const meshes = await Promise.all(boxes.map((b) => searches.get(b)));
        if (meshes.some(Boolean)) break;
      }
      absorb(await search(levels[i]!));
    }
    if (boxes.length === 0) return [];
    const found = await Promise.all(boxes.map((b) => searches.get(b)!));
    const faces: Omit<DetectedFace, 'id'>[] = [];
    found.forEach((hit, i) => {
      if (!hit) return;
      const { mesh, crop } = hit;
      const { x0, y0, scale } = crop;
      const landmarks = new Float32Array(mesh.length);
      for (let k = 0; k < landmarks.length; k += 2) {
        landmarks[k] = x0 + mesh[k]! / scale;
        landmarks[k + 1] = y0 + mesh[k + 1]! / scale;
      }
      if (boxes[i]!.score < minScore && !meshAgrees(boxes[i]!, landmarks)) return;
      const iod = interOcularDistance(landmarks);
      // The same face reached from two boxes: keep the first (higher detector score).
      const nose = point(landmarks, NOSE_TIP);
      if (
        faces.some(
          (f) =>
            Math.hypot(
              f.landmarks[2 * NOSE_TIP]! - nose[0],
              f.landmarks[2 * NOSE_TIP + 1]! - nose[1],
            ) <
            0.3 * iod,
        )
      )
        return;
      const alignment = alignmentMatrix(landmarks);
      const box = landmarkBox(landmarks);
      // Sharpness from the mesh crop (small, already in memory), not the full photo: the same
      // aligned framing, at most the crop's resolution, a fraction of the cost on big photos.
      const [a, b, c, d, e, f] = alignment;
      const cropToAligned: Affine = [
        a / scale,
        b / scale,
        a * x0 + b * y0 + c,
        d / scale,
        e / scale,
        d * x0 + e * y0 + f,
      ];
      const { sharpness, quality } = faceSharpness(
        alignFace(crop.crop, { alignment: cropToAligned }, { only: SHARPNESS_SUPPORT }).crop,
      );
      faces.push({
        box,
        score: boxes[i]!.score,
        landmarks,
        alignment,
        interOcular: iod,
        cutByBorder:
          box.x < 0 ||
          box.y < 0 ||
          box.x + box.width > image.width ||
          box.y + box.height > image.height,
        tooSmall:
          iod < minInterOcular
            ? `inter-ocular distance ${iod.toFixed(1)} px is below ${minInterOcular} px: too small to restore`
            : null,
        sharpness,
        quality,
      });
    });
    return faces
      .sort((a, b) => alignmentAnchors(a.landmarks)[2]![0] - alignmentAnchors(b.landmarks)[2]![0])
      .map((f, id) => ({ id, ...f }));
  }

  /**
   * Starts the mesh search of every box in `boxes` that has none yet. A box that replaced
   * another box of the same face in mergeBoxes (a finer level scored it higher) continues that
   * box's search instead of starting over: the same face, no second ~30 ms mesh at the same
   * context. Only a confident box replacing a weak one adds the wider retries, where needed.
   */
  private meshSearches(
    sources: MeshSources,
    boxes: readonly RawBox[],
    minScore: number,
    searches: Map<RawBox, Promise<MeshHit | undefined>>,
  ): void {
    const started = [...searches.keys()];
    for (const box of boxes) {
      if (searches.has(box)) continue;
      // Only confident boxes get the retry with more context: a weak box must stand on its own crop.
      const retry = box.score >= minScore;
      const same = started.find(
        (b) => overlap(b, box) >= 0.5 && Math.max(b.width / box.width, box.width / b.width) < 1.5,
      );
      const search = !same
        ? this.centralMesh(sources, box, retry ? MESH_CONTEXTS : MESH_CONTEXTS.slice(0, 1))
        : same.score >= minScore || !retry
          ? searches.get(same)!
          : searches
              .get(same)!
              .then((hit) => hit ?? this.centralMesh(sources, box, MESH_CONTEXTS.slice(1)));
      // A replaced box's search may end unawaited; its failure surfaces through the boxes kept.
      search.catch(() => undefined);
      searches.set(box, search);
    }
  }

  /**
   * The mesh of the face `box` points at, with the crop it was found in: the landmarker runs on
   * a crop around the box `contexts[0]` times its size, then with the next contexts until a mesh
   * is found.
   */
  private async centralMesh(
    sources: MeshSources,
    box: RawBox,
    contexts: readonly number[],
  ): Promise<MeshHit | undefined> {
    for (const context of contexts) {
      const crop = await meshCropOf(sources, box, context);
      const [list = []] = await this.pool.run((client) => client.meshes([crop.crop]), {
        ahead: true,
      });
      // The crop is centred on its face; a neighbour's mesh may come along and is skipped. The
      // central face's nose lies within 0.54 box widths of the centre (0.3 of a 1.8x crop).
      const centre = MESH_CROP / 2;
      const mesh = list
        .map((m) => ({
          m,
          d: Math.hypot(m.points[2 * NOSE_TIP]! - centre, m.points[2 * NOSE_TIP + 1]! - centre),
        }))
        .filter(
          (c) => c.m.points.length === LANDMARK_COUNT * 2 && c.d < (0.54 / context) * MESH_CROP,
        )
        .sort((a, b) => a.d - b.d)[0]?.m;
      if (mesh) return { mesh: mesh.points, crop };
    }
    return undefined;
  }

  /** BlazeFace boxes on the tiles of a level, in photo pixels (`source`: resized to the level). */
  private async levelBoxes(level: Level, source: RgbaImage, minScore: number): Promise<RawBox[]> {
    const image =
      source.width === level.width && source.height === level.height
        ? source
        : await resized(source, level.width, level.height);
    const found = await this.pool.map(level.tiles, async (client, tile) => {
      const [list = []] = await client.boxes([cutTile(image, tile, level.margin)], minScore);
      return list;
    });
    const s = level.scale;
    return found.flatMap((list, i) => {
      const dx = level.tiles[i]!.x - level.margin;
      const dy = level.tiles[i]!.y - level.margin;
      return list.map((b) => ({
        ...b,
        x: (b.x + dx) / s,
        y: (b.y + dy) / s,
        width: b.width / s,
        height: b.height / s,
        keypoints: b.keypoints.map(([x, y]) => [(x + dx) / s, (y + dy) / s] as [number, number]),
      }));
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
