/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel loops index typed arrays within bounds by construction. */
/**
 * The product's main job on one decoded photo: detect faces, pick those the user wants,
 * restore each aligned crop (restoreFace.ts) and paste it back (faces module); optionally
 * (experimental) deconvolve the whole frame with the most confident face's kernel. Pixels outside
 * the face masks are untouched in face mode. 16-bit photos get the paste-back's change applied
 * to their 16-bit pixels, so everything outside the faces keeps its full precision.
 *
 * restorePhoto leaves the decoded photo as it was (the app restores one photo again and again);
 * restorePhotoInPlace pastes into the decoded photo's own pixels, for callers that decoded it
 * for this one restoration (CLI, batches): no frame copy (48 MB for 12 MP, mostly page faults).
 */
import {
  alignFace,
  cropFootprint,
  detectFaces,
  detectToneMode,
  type DetectedFace,
  type FaceDetector,
  pasteBackInto,
  type PixelImage,
} from '../faces/index.js';
import { type DecodedPhoto, isWideRgb } from '../image/decode.js';
import { srgbToProfile16 } from '../image/iccProfile.js';
import type { RgbaImage } from '../image/rgba.js';
import type { RestorationModels } from '../inference/models.js';
import {
  checkFaceParams,
  type FaceCropParams,
  type FaceRestoration,
  restoreFaceCrop,
} from './restoreFace.js';
import { deblurWholePhoto, type Kernel, kernelInPhotoPixels } from './wholePhoto.js';

export type FaceSelection = 'all' | 'largest' | number;

export interface PhotoParams extends FaceCropParams {
  /** 'all', 'largest', or the N largest faces. */
  faces?: FaceSelection;
  /** Face ids (left to right, as detected) to leave untouched. */
  exclude?: readonly number[];
  /** EXPERIMENTAL: deconvolve the whole frame with the most confident face's kernel. */
  wholePhoto?: boolean;
  /** Keep each face's intermediates (sketch, kernel, x0, final) in the result. */
  keepIntermediates?: boolean;
  detector?: FaceDetector;
  /** Faces already detected on this photo (the app caches them per photo): detection is skipped. */
  detected?: readonly DetectedFace[];
  /** Per-face kernel size / strength by face id (the app's face panel), over the defaults above. */
  faceParams?: Readonly<Record<number, FaceCropParams>>;
}

export interface FaceReport {
  id: number;
  box: DetectedFace['box'];
  status: 'restored' | 'skipped';
  /** Why the face was skipped, or a plain warning about a restored one (low confidence). */
  note?: string;
  confidence?: number;
  kernelSize?: number;
  restoration?: FaceRestoration;
}

export interface PhotoRestoration {
  rgba8: Uint8ClampedArray;
  rgba16?: Uint16Array;
  faces: FaceReport[];
  /** Faces actually restored (0: nothing changed). */
  restored: number;
  mode: 'faces' | 'whole-photo';
  /** Whole-photo mode: the kernel used, in photo pixels. */
  photoKernel?: Kernel;
  /** Milliseconds per stage, summed over faces. */
  timings: Record<
    'detect' | 'align' | 'sketch' | 'kernel' | 'wiener' | 'deartifact' | 'paste' | 'wholePhoto',
    number
  >;
}

export function checkFaceSelection(value: FaceSelection): FaceSelection {
  if (value === 'all' || value === 'largest') return value;
  if (Number.isInteger(value) && value >= 1) return value;
  throw new RangeError(`faces must be 'all', 'largest' or a positive integer, got ${value}`);
}

function selectFaces(faces: readonly DetectedFace[], selection: FaceSelection): Set<number> {
  const bySize = [...faces].sort((a, b) => b.interOcular - a.interOcular);
  const n = selection === 'all' ? faces.length : selection === 'largest' ? 1 : selection;
  return new Set(bySize.slice(0, n).map((f) => f.id));
}

/** An 8-bit aligned crop (alignFace) as the [0, 1] floats restoreFaceCrop takes. */
export function cropToFloat(data: Uint8Array): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! / 255;
  return out;
}

type Footprint = NonNullable<ReturnType<typeof cropFootprint>>;

/** The photo rectangles the faces' crops cover (cropFootprint), those inside the photo. */
function footprints(faces: readonly DetectedFace[], photo: DecodedPhoto): Footprint[] {
  return faces.flatMap((f) => cropFootprint(f.alignment, photo) ?? []);
}

/**
 * Where a 16-bit photo can change: runs of pixels [x0, x1) on row y, as (y, x0, x1) triples in
 * row order, each pixel once. Face mode: the union of the restored faces' crop footprints
 * (pasteBackInto writes only inside the footprint: its patch is warpCropToPhoto's, which lies
 * within cropFootprint); whole-photo mode: every pixel.
 */
function changedRuns(
  photo: { width: number; height: number },
  areas: readonly Footprint[] | 'whole',
): Int32Array {
  const { width, height } = photo;
  const runs: number[] = [];
  for (let y = 0; y < height; y++) {
    if (areas === 'whole') {
      runs.push(y, 0, width);
      continue;
    }
    const spans = areas
      .filter((r) => y >= r.y && y < r.y + r.height)
      .map((r) => [r.x, r.x + r.width] as const)
      .sort((a, b) => a[0] - b[0]);
    let open: [number, number] | null = null;
    for (const [x0, x1] of spans) {
      if (open && x0 <= open[1]) open[1] = Math.max(open[1], x1);
      else {
        if (open) runs.push(y, ...open);
        open = [x0, x1];
      }
    }
    if (open) runs.push(y, ...open);
  }
  return Int32Array.from(runs);
}

/** The RGBA bytes of `runs`, one after another: the 8-bit 'before' of an in-place paste. */
function readRuns(data: Uint8Array | Uint8ClampedArray, width: number, runs: Int32Array) {
  let size = 0;
  for (let r = 0; r < runs.length; r += 3) size += 4 * (runs[r + 2]! - runs[r + 1]!);
  const out = new Uint8Array(size);
  for (let r = 0, k = 0; r < runs.length; r += 3) {
    const start = 4 * (runs[r]! * width + runs[r + 1]!);
    const end = 4 * (runs[r]! * width + runs[r + 2]!);
    out.set(data.subarray(start, end), k);
    k += end - start;
  }
  return out;
}

/**
 * Adds the change `after - before` (both laid out as readRuns lays out `runs`) times `unit` to
 * the 16-bit pixels `wide` (changed in place) within `runs`, clamped.
 */
function addChange16(
  wide: Uint16Array,
  width: number,
  runs: Int32Array,
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  unit: number,
): void {
  for (let r = 0, k = 0; r < runs.length; r += 3) {
    const end = 4 * (runs[r]! * width + runs[r + 2]!);
    for (let i = 4 * (runs[r]! * width + runs[r + 1]!); i < end; i++, k++) {
      const d = after[k]! - before[k]!;
      if (d !== 0) wide[i] = Math.min(65535, Math.max(0, wide[i]! + unit * d));
    }
  }
}

/**
 * Applies the restoration's 8-bit sRGB change within `runs` to the 16-bit pixels `wide`
 * (changed in place). `before` and `after` hold the runs' 8-bit pixels one after another
 * (readRuns; for runs covering the whole frame, the frames themselves). A 16-bit source with a
 * profile keeps its own samples (decode.ts), so the change is carried into that space first:
 * both sides converted from sRGB to the profile, their difference added. Unchanged pixels
 * convert alike and keep their exact 16-bit values; added as 8-bit steps instead, the change
 * landed up to 12 levels off the restored colour on an Adobe RGB photo.
 */
async function transferTo16(
  source: DecodedPhoto['source'],
  before: Uint8Array | Uint8ClampedArray,
  after: Uint8Array | Uint8ClampedArray,
  wide: Uint16Array,
  width: number,
  runs: Int32Array,
): Promise<void> {
  if (!isWideRgb(source) || !source.icc) {
    addChange16(wide, width, runs, before, after, 257);
    return;
  }
  const bytes = (a: Uint8Array | Uint8ClampedArray) =>
    new Uint8Array(a.buffer, a.byteOffset, a.length);
  const [from, to] = await Promise.all([
    srgbToProfile16(bytes(before), source.icc),
    srgbToProfile16(bytes(after), source.icc),
  ]);
  addChange16(wide, width, runs, from, to, 1);
}

function toFloatRgb(image: RgbaImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[3 * i + c] = image.data[4 * i + c]! / 255;
  }
  return out;
}

type Models = Pick<RestorationModels, 'sketch' | 'deartifact'>;

/** Restores the selected faces of `photo` into a copy of its pixels; see the module comment. */
export function restorePhoto(
  photo: DecodedPhoto,
  models: Models,
  params: PhotoParams = {},
): Promise<PhotoRestoration> {
  return restore(photo, models, params, false);
}

/**
 * restorePhoto that pastes into `photo`'s own pixels: afterwards photo.rgba8.data (and
 * photo.rgba16) hold the restored photo and are the result's rgba8 (rgba16), no copy made. Only
 * for a caller that decoded `photo` for this one restoration and never reads its pixels again.
 */
export function restorePhotoInPlace(
  photo: DecodedPhoto,
  models: Models,
  params: PhotoParams = {},
): Promise<PhotoRestoration> {
  return restore(photo, models, params, true);
}

async function restore(
  photo: DecodedPhoto,
  models: Models,
  params: PhotoParams,
  inPlace: boolean,
): Promise<PhotoRestoration> {
  const cropParams = checkFaceParams(params);
  const selection = checkFaceSelection(params.faces ?? 'all');
  const exclude = new Set(params.exclude ?? []);
  const timings: PhotoRestoration['timings'] = {
    detect: 0,
    align: 0,
    sketch: 0,
    kernel: 0,
    wiener: 0,
    deartifact: 0,
    paste: 0,
    wholePhoto: 0, // prettier-ignore
  };
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const original = photo.rgba8;
  const detecting =
    params.detected ?? detectFaces(original, params.detector ? { detector: params.detector } : {});
  // The tone scan reads the whole frame on this thread while the detector's workers run.
  const toneWhileDetecting = params.detected ? undefined : detectToneMode(original);
  const detected = await detecting;
  timings.detect = lap();
  const tone = toneWhileDetecting ?? detectToneMode(original);
  const chosen = selectFaces(detected, selection);

  const reports: FaceReport[] = [];
  const restorations = new Map<number, FaceRestoration>();
  // Each restored face's aligned crop of the unchanged photo: paste-back's colour matching
  // reads it instead of sampling the photo again.
  const originals = new Map<number, PixelImage<Uint8Array>>();
  for (const face of detected) {
    const base = { id: face.id, box: face.box };
    if (!chosen.has(face.id)) {
      reports.push({ ...base, status: 'skipped', note: `not selected (--faces ${selection})` });
      continue;
    }
    if (exclude.has(face.id)) {
      reports.push({ ...base, status: 'skipped', note: 'excluded' });
      continue;
    }
    if (face.tooSmall) {
      reports.push({ ...base, status: 'skipped', note: face.tooSmall });
      continue;
    }
    lap();
    const { crop } = alignFace(original, face);
    timings.align += lap();
    const own = params.faceParams?.[face.id];
    const result = await restoreFaceCrop(
      cropToFloat(crop.data),
      models,
      own ? checkFaceParams({ ...cropParams, ...own }) : cropParams,
    );
    lap();
    for (const stage of ['sketch', 'kernel', 'wiener', 'deartifact'] as const) {
      timings[stage] += result.timings[stage];
    }
    restorations.set(face.id, result);
    originals.set(face.id, crop);
    reports.push({
      ...base,
      status: 'restored',
      confidence: result.confidence,
      kernelSize: result.kernel.size,
      ...(result.lowConfidence
        ? {
            note: `low kernel confidence ${result.confidence.toFixed(2)}: the estimated blur explains little of this face; the result may be wrong`,
          }
        : {}),
      ...(params.keepIntermediates ? { restoration: result } : {}),
    });
  }

  let wholeFrame: Uint8ClampedArray | undefined;
  let photoKernel: Kernel | undefined;
  if (params.wholePhoto && restorations.size > 0) {
    // The most confident face's kernel, rescaled from crop to photo pixels.
    const best = [...restorations.entries()].sort((a, b) => b[1].confidence - a[1].confidence)[0]!;
    const face = detected.find((f) => f.id === best[0])!;
    const [a, , , d] = face.alignment;
    photoKernel = kernelInPhotoPixels(
      best[1].kernel,
      Math.hypot(a, d),
      Math.min(photo.width, photo.height, 1023),
    );
    const deblurred = await deblurWholePhoto(
      toFloatRgb(original),
      photo.width,
      photo.height,
      photoKernel,
      cropParams.gamma,
    );
    const data = new Uint8ClampedArray(original.data);
    for (let i = 0, n = photo.width * photo.height; i < n; i++) {
      for (let c = 0; c < 3; c++) data[4 * i + c] = Math.round(deblurred[3 * i + c]! * 255);
    }
    wholeFrame = data;
    timings.wholePhoto = lap();
  }
  // The target: the whole-photo frame, else the decoded pixels themselves (in place, or when
  // nothing is restored), else one copy of them with every face pasted into it (a copy per face
  // cost more than the pastes themselves).
  const own =
    original.data instanceof Uint8ClampedArray
      ? original.data
      : new Uint8ClampedArray(original.data.buffer, original.data.byteOffset, original.data.length);
  const rgba8 =
    wholeFrame ?? (inPlace || restorations.size === 0 ? own : new Uint8ClampedArray(own));
  // 16-bit photos: the 8-bit change is applied to the 16-bit pixels where it can be non-zero;
  // its 'before' is read now, as pasting may write into the decoded pixels themselves.
  const runs16 =
    photo.rgba16 &&
    changedRuns(
      photo,
      wholeFrame
        ? 'whole'
        : footprints(
            detected.filter((f) => restorations.has(f.id)),
            photo,
          ),
    );
  const before16 = runs16 && (wholeFrame ? own : readRuns(own, photo.width, runs16));
  const target: RgbaImage = { data: rgba8, width: photo.width, height: photo.height };
  for (const face of detected) {
    const result = restorations.get(face.id);
    if (!result) continue;
    pasteBackInto(
      target,
      { data: result.final, width: 200, height: 240, channels: 3 },
      face,
      { originalCrop: originals.get(face.id)! },
      tone,
    );
  }
  let rgba16: Uint16Array | undefined;
  if (photo.rgba16 && runs16 && before16) {
    rgba16 = inPlace ? photo.rgba16 : photo.rgba16.slice();
    const afterRuns = wholeFrame ? rgba8 : readRuns(rgba8, photo.width, runs16);
    await transferTo16(photo.source, before16, afterRuns, rgba16, photo.width, runs16);
  }
  timings.paste = lap();
  return {
    rgba8,
    ...(rgba16 ? { rgba16 } : {}),
    faces: reports,
    restored: restorations.size,
    mode: params.wholePhoto ? 'whole-photo' : 'faces',
    ...(photoKernel ? { photoKernel } : {}),
    timings,
  };
}
