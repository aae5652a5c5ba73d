/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel loops index typed arrays within bounds by construction. */
/**
 * The product's main job on one decoded photo: detect faces, pick those the user wants,
 * restore each aligned crop (restoreFace.ts) and paste it back (faces module); optionally
 * (experimental) deconvolve the whole frame with the most confident face's kernel. Pixels outside
 * the face masks are untouched in face mode. 16-bit photos get the paste-back's change applied
 * to their 16-bit pixels, so everything outside the faces keeps its full precision.
 */
import {
  alignFace,
  detectFaces,
  detectToneMode,
  type DetectedFace,
  type FaceDetector,
  pasteBackInto,
} from '../faces/index.js';
import type { DecodedPhoto } from '../image/decode.js';
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

/** Applies the 8-bit change (after - before) to the 16-bit pixels where anything changed. */
function transferTo16(before: RgbaImage, after: Uint8ClampedArray, wide: Uint16Array): Uint16Array {
  const out = wide.slice();
  for (let i = 0; i < after.length; i++) {
    const d = after[i]! - before.data[i]!;
    if (d !== 0) out[i] = Math.min(65535, Math.max(0, out[i]! + 257 * d));
  }
  return out;
}

function toFloatRgb(image: RgbaImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[3 * i + c] = image.data[4 * i + c]! / 255;
  }
  return out;
}

/** Restores the selected faces of `photo`; see the module comment. */
export async function restorePhoto(
  photo: DecodedPhoto,
  models: Pick<RestorationModels, 'sketch' | 'deartifact'>,
  params: PhotoParams = {},
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
  const detected =
    params.detected ??
    (await detectFaces(original, params.detector ? { detector: params.detector } : {}));
  timings.detect = lap();
  const chosen = selectFaces(detected, selection);
  const tone = detectToneMode(original);

  const reports: FaceReport[] = [];
  const restorations = new Map<number, FaceRestoration>();
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
  // One copy of the frame (the decoded photo stays as it was: the app restores it again with
  // other settings), then every face pasted into it: a 12 MP copy per face cost more than the
  // pastes themselves.
  const rgba8 =
    wholeFrame ??
    (restorations.size === 0 && original.data instanceof Uint8ClampedArray
      ? original.data
      : new Uint8ClampedArray(original.data));
  const target: RgbaImage = { data: rgba8, width: photo.width, height: photo.height };
  for (const face of detected) {
    const result = restorations.get(face.id);
    if (!result) continue;
    pasteBackInto(
      target,
      { data: result.final, width: 200, height: 240, channels: 3 },
      face,
      {},
      tone,
    );
  }
  timings.paste = lap();
  return {
    rgba8,
    ...(photo.rgba16 ? { rgba16: transferTo16(original, rgba8, photo.rgba16) } : {}),
    faces: reports,
    restored: restorations.size,
    mode: params.wholePhoto ? 'whole-photo' : 'faces',
    ...(photoKernel ? { photoKernel } : {}),
    timings,
  };
}
