/**
 * Typed wrapper of the face_deblur_native addon: FFT, kernel estimation (paper eq. 9), kernel
 * confidence, Wiener deconvolution with boundary handling (eq. 11), the forward blur, and the
 * pixel loops of face work (area shrinking for detection, affine warps for alignment, the
 * per-pixel end of paste-back).
 * Conventions (layouts, FFT scaling, kernel centring, boundaries, defaults) are specified in
 * native/README.md and shared with models/training/physics.py.
 *
 * Every argument is validated here with an error naming it (and again in C++, which never
 * trusts its caller and is the one that scans array values for NaN/Infinity). Promise forms run on a libuv worker thread; `...Sync` forms block.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Channels = 1 | 3 | 4;

/** A square, odd-sized, centred kernel, row-major. */
export interface Kernel {
  data: Float32Array;
  size: number;
}

/** An estimated kernel (sums to 1) and how well it explains the blurry gradients, in [0, 1]. */
export interface KernelEstimate extends Kernel {
  confidence: number;
}

export interface EstimateKernelOptions {
  /** Odd 11..75 (at most min(width, height)), or 'auto' (from the kernel's energy). */
  kernelSize?: number | 'auto';
  /** Least-squares regulariser on the unnormalised-DFT scale (>= 0). */
  beta?: number;
  /** Values below threshold * max are zeroed (0..1). */
  threshold?: number;
}

export interface WienerOptions {
  /** Noise-to-signal regulariser (>= 0). */
  gamma?: number;
  /** 'taper': symmetric pad + edge taper (no ringing); 'none': plain circular model. */
  boundary?: 'taper' | 'none';
}

export interface BlurOptions {
  /** 'symmetric': no wrap-around; 'circular': periodic (the model 'none' Wiener inverts). */
  boundary?: 'symmetric' | 'circular';
}

/** Parameter defaults, tuned on [0, 1] training faces (native/README.md). */
export const DEFAULTS = Object.freeze({
  beta: 1000,
  threshold: 0.1,
  gamma: 0.02,
  kernelSize: 'auto' as const,
  minKernelSize: 11,
  maxKernelSize: 75,
});

const MAX_SIDE = 16384;
const MAX_PIXELS = 64 * 1024 * 1024;
const MAX_KERNEL = 1023;
const MAX_PARAMETER = 1e12;

interface NativeEstimate {
  kernel: Float32Array;
  size: number;
  confidence: number;
}

/** The addon's own signatures (positional, every parameter explicit; 0 = auto kernel size). */
interface NativeAddon {
  estimateKernel(...a: EstimateArgs): Promise<NativeEstimate>;
  estimateKernelSync(...a: EstimateArgs): NativeEstimate;
  kernelConfidence(...a: ConfidenceArgs): Promise<number>;
  kernelConfidenceSync(...a: ConfidenceArgs): number;
  wiener(...a: WienerArgs): Promise<Float32Array>;
  wienerSync(...a: WienerArgs): Float32Array;
  blur(...a: BlurArgs): Promise<Float32Array>;
  blurSync(...a: BlurArgs): Float32Array;
  shrinkArea(...a: ShrinkArgs): Promise<Uint8Array>;
  shrinkAreaSync(...a: ShrinkArgs): Uint8Array;
  warpAffineSync(...a: WarpArgs): Float32Array;
  pasteRegionSync(...a: PasteArgs): undefined;
  gaussianBlurSync(values: Float32Array, width: number, height: number, sigma: number): undefined;
  fft2(real: Float32Array, width: number, height: number): Float32Array;
  ifft2(spectrum: Float32Array, width: number, height: number): Float32Array;
  fastSize(n: number): number;
}
type EstimateArgs = [Float32Array, Float32Array, number, number, number, number, number];
type ConfidenceArgs = [Float32Array, Float32Array, number, number, Float32Array, number];
type WienerArgs = [Float32Array, number, number, Channels, Float32Array, number, number, string];
type BlurArgs = [Float32Array, number, number, Channels, Float32Array, number, string];
type ShrinkArgs = [Uint8Array | Uint8ClampedArray, number, number, number, number, number];
// prettier-ignore
type PasteArgs = [
  Uint8Array | Uint8ClampedArray, number, number, Float32Array, number, number, number, number,
  Float32Array | null, boolean, boolean, number,
];
// prettier-ignore
type WarpArgs = [
  WarpPixels, number, number, number, Float64Array, number, number, Int32Array,
  boolean, number, Float32Array | null, number, number, number, number,
];

const ADDON_FILE = path.join('build', 'Release', 'face_deblur_native.node');

/**
 * Where node-gyp put the addon: native/build/Release/ next to this file in the sources, or under
 * the root's native/ when this module is bundled elsewhere (dist/electron/*.cjs, inside the
 * packaged app.asar, whose unpacked copy Electron loads). FACE_DEBLUR_NATIVE_ADDON overrides.
 */
function addonPath(): string {
  const override = process.env.FACE_DEBLUR_NATIVE_ADDON;
  if (override) return override;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, ADDON_FILE), path.join(dir, 'native', ADDON_FILE)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return path.join(here, ADDON_FILE);
  }
}

let loaded: NativeAddon | undefined;

function addon(): NativeAddon {
  if (!loaded) {
    const file = addonPath();
    try {
      loaded = createRequire(import.meta.url)(file) as NativeAddon;
    } catch (cause) {
      throw new Error(
        `The native addon could not be loaded from ${file}; build it with \`npm run build:native\`.`,
        { cause },
      );
    }
  }
  return loaded;
}

// ---------------------------------------------------------------------------------------------
// Validation (messages match the C++ layer's).

function checkInteger(value: unknown, name: string, lo: number, hi: number): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  if (value < lo || value > hi) {
    throw new RangeError(`${name} must be in ${lo}..${hi}, got ${value}`);
  }
  return value;
}

function checkSize(width: unknown, height: unknown): { width: number; height: number } {
  const w = checkInteger(width, 'width', 1, MAX_SIDE);
  const h = checkInteger(height, 'height', 1, MAX_SIDE);
  if (w * h > MAX_PIXELS) {
    throw new RangeError(`width * height must be at most ${MAX_PIXELS}, got ${w * h}`);
  }
  return { width: w, height: h };
}

/**
 * Type and length. The values themselves (finite) are scanned once, by the addon, which raises
 * the same RangeError naming the argument: images are large and some callers loop over FFTs.
 */
function checkFloats(value: unknown, name: string, length: number): Float32Array {
  if (!(value instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
  if (value.length !== length) {
    throw new RangeError(`${name} must have ${length} elements, got ${value.length}`);
  }
  return value;
}

function checkChannels(value: unknown): Channels {
  const c = checkInteger(value, 'channels', 1, 4);
  if (c === 2) throw new RangeError('channels must be 1, 3 or 4, got 2');
  return c as Channels;
}

function checkKernelSize(
  value: unknown,
  size: { width: number; height: number },
  lo: number,
  hi: number,
): number {
  const k = checkInteger(value, 'kernelSize', lo, hi);
  if (k % 2 === 0) throw new RangeError(`kernelSize must be odd, got ${k}`);
  const smaller = Math.min(size.width, size.height);
  if (k > smaller) {
    throw new RangeError(
      `kernelSize ${k} is larger than the image (min(width, height) = ${smaller})`,
    );
  }
  return k;
}

function checkParameter(value: unknown, name: string, hi: number): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isFinite(value) || value < 0 || value > hi) {
    throw new RangeError(`${name} must be a finite number in 0..${hi}, got ${value}`);
  }
  return value;
}

function checkOptions<T extends object>(value: unknown, name: string, keys: string[]): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new TypeError(`${name}.${key} is not an option (expected one of ${keys.join(', ')})`);
    }
  }
  return value as Partial<T>;
}

function checkChoice<T extends string>(value: unknown, name: string, choices: readonly T[]): T {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  if (!(choices as readonly string[]).includes(value)) {
    throw new RangeError(
      `${name} must be ${choices.map((c) => `'${c}'`).join(' or ')}, got '${value}'`,
    );
  }
  return value as T;
}

function estimateArgs(
  blurryGray: unknown,
  sketchGray: unknown,
  width: unknown,
  height: unknown,
  opts: unknown,
): EstimateArgs {
  const size = checkSize(width, height);
  const pixels = size.width * size.height;
  const y = checkFloats(blurryGray, 'blurryGray', pixels);
  const s = checkFloats(sketchGray, 'sketchGray', pixels);
  const o = checkOptions<EstimateKernelOptions>(opts, 'options', [
    'kernelSize',
    'beta',
    'threshold',
  ]);
  let kernelSize = 0;
  const requested = o.kernelSize ?? DEFAULTS.kernelSize;
  if (requested === 'auto') {
    if (Math.min(size.width, size.height) < DEFAULTS.minKernelSize) {
      throw new RangeError(
        `automatic kernelSize needs width and height >= 11, got ${size.width}x${size.height}`,
      );
    }
  } else {
    kernelSize = checkKernelSize(requested, size, DEFAULTS.minKernelSize, DEFAULTS.maxKernelSize);
  }
  const beta = checkParameter(o.beta ?? DEFAULTS.beta, 'beta', MAX_PARAMETER);
  const threshold = checkParameter(o.threshold ?? DEFAULTS.threshold, 'threshold', 1);
  return [y, s, size.width, size.height, kernelSize, beta, threshold];
}

function confidenceArgs(
  blurryGray: unknown,
  sketchGray: unknown,
  width: unknown,
  height: unknown,
  kernel: unknown,
  kernelSize: unknown,
): ConfidenceArgs {
  const size = checkSize(width, height);
  const pixels = size.width * size.height;
  const k = checkKernelSize(kernelSize, size, 1, MAX_KERNEL);
  return [
    checkFloats(blurryGray, 'blurryGray', pixels),
    checkFloats(sketchGray, 'sketchGray', pixels),
    size.width,
    size.height,
    checkFloats(kernel, 'kernel', k * k),
    k,
  ];
}

interface FilterArgs {
  image: Float32Array;
  width: number;
  height: number;
  channels: Channels;
  kernel: Float32Array;
  kernelSize: number;
}

function filterArgs(
  image: unknown,
  width: unknown,
  height: unknown,
  channels: unknown,
  kernel: unknown,
  kernelSize: unknown,
): FilterArgs {
  const size = checkSize(width, height);
  const c = checkChannels(channels);
  const k = checkKernelSize(kernelSize, size, 1, MAX_KERNEL);
  return {
    image: checkFloats(image, 'image', size.width * size.height * c),
    width: size.width,
    height: size.height,
    channels: c,
    kernel: checkFloats(kernel, 'kernel', k * k),
    kernelSize: k,
  };
}

function wienerArgs(f: FilterArgs, opts: unknown): WienerArgs {
  const o = checkOptions<WienerOptions>(opts, 'options', ['gamma', 'boundary']);
  const gamma = checkParameter(o.gamma ?? DEFAULTS.gamma, 'gamma', MAX_PARAMETER);
  const boundary = checkChoice(o.boundary ?? 'taper', 'boundary', ['taper', 'none'] as const);
  return [f.image, f.width, f.height, f.channels, f.kernel, f.kernelSize, gamma, boundary];
}

function blurArgs(f: FilterArgs, opts: unknown): BlurArgs {
  const o = checkOptions<BlurOptions>(opts, 'options', ['boundary']);
  const boundary = checkChoice(o.boundary ?? 'symmetric', 'boundary', [
    'symmetric',
    'circular',
  ] as const);
  return [f.image, f.width, f.height, f.channels, f.kernel, f.kernelSize, boundary];
}

function toEstimate(r: NativeEstimate): KernelEstimate {
  return { data: r.kernel, size: r.size, confidence: r.confidence };
}

/**
 * The promise form and the `...Sync` form of one addon call, from one definition: `prepare`
 * checks the caller's arguments (so the promise form rejects and the sync form throws, with the
 * same message) and turns them into the addon's; `finish` shapes the addon's answer.
 */
function paired<P extends unknown[], A extends unknown[], R, T>(
  prepare: (...params: P) => A,
  run: (native: NativeAddon, args: A) => Promise<R>,
  runSync: (native: NativeAddon, args: A) => R,
  finish: (result: R) => T,
): [(...params: P) => Promise<T>, (...params: P) => T] {
  return [
    async (...params) => finish(await run(addon(), prepare(...params))),
    (...params) => finish(runSync(addon(), prepare(...params))),
  ];
}

const same = <T>(value: T): T => value;

type EstimateParams = [
  blurryGray: Float32Array,
  sketchGray: Float32Array,
  width: number,
  height: number,
  opts?: EstimateKernelOptions,
];
type ConfidenceParams = [
  blurryGray: Float32Array,
  sketchGray: Float32Array,
  width: number,
  height: number,
  kernel: Float32Array,
  kernelSize: number,
];
type FilterParams<O> = [
  image: Float32Array,
  width: number,
  height: number,
  channels: Channels,
  kernel: Float32Array,
  kernelSize: number,
  opts?: O,
];

// ---------------------------------------------------------------------------------------------
// Public API: each heavy function as a promise (libuv worker thread) and a blocking `...Sync`.

/** Eq. (9): the blur kernel that maps the sketch's gradients onto the blurry image's. */
export const [estimateKernel, estimateKernelSync] = paired<
  EstimateParams,
  EstimateArgs,
  NativeEstimate,
  KernelEstimate
>(
  estimateArgs,
  (native, args) => native.estimateKernel(...args),
  (native, args) => native.estimateKernelSync(...args),
  toEstimate,
);

/** 1 - relative residual of kernel * grad(sketch) against grad(blurry), in [0, 1]. */
export const [kernelConfidence, kernelConfidenceSync] = paired<
  ConfidenceParams,
  ConfidenceArgs,
  number,
  number
>(
  confidenceArgs,
  (native, args) => native.kernelConfidence(...args),
  (native, args) => native.kernelConfidenceSync(...args),
  same,
);

/** Eq. (11) per channel (grey, RGB, or RGBA with alpha copied); output is not clipped. */
export const [wienerDeconvolve, wienerDeconvolveSync] = paired<
  FilterParams<WienerOptions>,
  WienerArgs,
  Float32Array,
  Float32Array
>(
  (image, width, height, channels, kernel, kernelSize, opts) =>
    wienerArgs(filterArgs(image, width, height, channels, kernel, kernelSize), opts),
  (native, args) => native.wiener(...args),
  (native, args) => native.wienerSync(...args),
  same,
);

/** The forward model: convolve every colour channel with the centred kernel. */
export const [blur, blurSync] = paired<
  FilterParams<BlurOptions>,
  BlurArgs,
  Float32Array,
  Float32Array
>(
  (image, width, height, channels, kernel, kernelSize, opts) =>
    blurArgs(filterArgs(image, width, height, channels, kernel, kernelSize), opts),
  (native, args) => native.blur(...args),
  (native, args) => native.blurSync(...args),
  same,
);

type ShrinkParams = [
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
];

/** Photo sides accepted by shrinkArea (photos, not FFT grids: no MAX_PIXELS). */
const MAX_PHOTO_SIDE = 65535;

/** A photo's width and height: integers 1..MAX_PHOTO_SIDE (the pixel arrays are checked apart). */
function checkPhotoSize(width: unknown, height: unknown): [number, number] {
  return [
    checkInteger(width, 'width', 1, MAX_PHOTO_SIDE),
    checkInteger(height, 'height', 1, MAX_PHOTO_SIDE),
  ];
}

function shrinkArgs(
  ...[pixels, width, height, channels, outWidth, outHeight]: ShrinkParams
): ShrinkArgs {
  if (!(pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray)) {
    throw new TypeError('pixels must be a Uint8Array or Uint8ClampedArray');
  }
  const [w, h] = checkPhotoSize(width, height);
  const c = checkInteger(channels, 'channels', 1, 4);
  if (pixels.length !== w * h * c) {
    throw new RangeError(`pixels must have ${w * h * c} elements, got ${pixels.length}`);
  }
  return [
    pixels,
    w,
    h,
    c,
    checkInteger(outWidth, 'outWidth', 1, w),
    checkInteger(outHeight, 'outHeight', 1, h),
  ];
}

/**
 * Area-average shrinking of 8-bit interleaved pixels (1..4 channels) to `outWidth` x `outHeight`
 * (no larger than the input): each output pixel is the mean of the source rectangle it covers.
 * About 3x faster than sharp's resize of a 12 MP RGBA frame (which premultiplies alpha in
 * float). The promise form reads `pixels` in place (no 48 MB copy): leave the array unchanged
 * until it settles.
 */
export const [shrinkArea, shrinkAreaSync] = paired<
  ShrinkParams,
  ShrinkArgs,
  Uint8Array,
  Uint8Array
>(
  shrinkArgs,
  (native, args) => native.shrinkArea(...args),
  (native, args) => native.shrinkAreaSync(...args),
  same,
);

export type WarpPixels = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array | Float64Array;

/** What {@link warpAffineSync} computes; see there. */
export interface WarpSpec {
  /** Output (x, y) -> source (a x + b y + c, d x + e y + f) as [a, b, c, d, e, f]. */
  toSource: readonly number[];
  /** Size of the whole output. */
  width: number;
  height: number;
  /** Source channels to sample, in output order (1..4). */
  sample: readonly number[];
  /** Outside the source: write `fill` (true) or replicate the edge (false). */
  fillOutside: boolean;
  /** Written where nothing is sampled. */
  fill: number;
  /** Region-sized weight: pixels where it is <= 0 are not sampled. */
  only: Float32Array | null;
  /** The part of the output computed and returned. */
  region: { x: number; y: number; width: number; height: number };
}

/**
 * Affine resampling of interleaved pixels (1..4 channels, any of the typed arrays) into a
 * Float32Array of `region` (faces module's warpAffine: alignment and paste-back). Bicubic
 * (Catmull-Rom) where the output is at least as dense as the source, 2x2 bilinear supersampling
 * where it shrinks by more than 1.25, after a box prefilter by the integer factor when it shrinks
 * by 2 or more. Reads `pixels` in place; synchronous (face crops take milliseconds).
 */
export function warpAffineSync(
  pixels: WarpPixels,
  width: number,
  height: number,
  channels: number,
  spec: WarpSpec,
): Float32Array {
  const [w, h] = checkPhotoSize(width, height);
  const c = checkInteger(channels, 'channels', 1, 4);
  if (pixels.length !== w * h * c) {
    throw new RangeError(`pixels must have ${w * h * c} elements, got ${pixels.length}`);
  }
  if (spec.toSource.length !== 6 || !spec.toSource.every(Number.isFinite)) {
    throw new RangeError('toSource must be 6 finite numbers');
  }
  if (spec.sample.length < 1 || spec.sample.length > 4) {
    throw new RangeError(`sample must name 1..4 channels, got ${spec.sample.length}`);
  }
  spec.sample.forEach((ch) => checkInteger(ch, 'sample channel', 0, c - 1));
  const { region } = spec;
  const rw = checkInteger(region.width, 'region.width', 1, MAX_PHOTO_SIDE);
  const rh = checkInteger(region.height, 'region.height', 1, MAX_PHOTO_SIDE);
  if (spec.only && spec.only.length !== rw * rh) {
    throw new RangeError(`only must have ${rw * rh} elements, got ${spec.only.length}`);
  }
  return addon().warpAffineSync(
    pixels,
    w,
    h,
    c,
    Float64Array.from(spec.toSource),
    checkInteger(spec.width, 'outWidth', 1, MAX_PHOTO_SIDE),
    checkInteger(spec.height, 'outHeight', 1, MAX_PHOTO_SIDE),
    Int32Array.from(spec.sample),
    spec.fillOutside,
    spec.fill,
    spec.only,
    checkInteger(region.x, 'region.x', -MAX_PHOTO_SIDE, MAX_PHOTO_SIDE),
    checkInteger(region.y, 'region.y', -MAX_PHOTO_SIDE, MAX_PHOTO_SIDE),
    rw,
    rh,
  );
}

/** How {@link pasteRegionSync} keeps a photo's colours (faces module's ToneMode). */
export type PasteTone =
  { kind: 'colour' } | { kind: 'gray' } | { kind: 'toned'; lut: Float32Array };

/**
 * The per-pixel end of paste-back, on the face's rectangle of an 8-bit RGBA photo (changed in
 * place): `warped` (regionWidth x regionHeight x [r, g, b in 0..255, mask weight]) is blended in
 * by its mask weight, after grain is added where the face is smoother than the photo under the
 * mask (Immerkaer noise estimate, seeded mulberry32 Box-Muller normals: reproducible), and, for
 * grey or toned photos, mapped back onto the photo's tone curve.
 */
export function pasteRegionSync(
  photo: { data: Uint8Array | Uint8ClampedArray; width: number; height: number },
  warped: Float32Array,
  region: { x: number; y: number; width: number; height: number },
  { tone, grain, seed }: { tone: PasteTone; grain: boolean; seed: number },
): void {
  const [w, h] = checkPhotoSize(photo.width, photo.height);
  if (!(photo.data instanceof Uint8Array || photo.data instanceof Uint8ClampedArray)) {
    throw new TypeError('photo must be a Uint8Array or Uint8ClampedArray');
  }
  if (photo.data.length !== w * h * 4) {
    throw new RangeError(`photo must have ${w * h * 4} elements, got ${photo.data.length}`);
  }
  const x = checkInteger(region.x, 'x', 0, w - 1);
  const y = checkInteger(region.y, 'y', 0, h - 1);
  const rw = checkInteger(region.width, 'regionWidth', 1, w - x);
  const rh = checkInteger(region.height, 'regionHeight', 1, h - y);
  const lut = tone.kind === 'toned' ? checkFloats(tone.lut, 'lut', 768) : null;
  addon().pasteRegionSync(
    photo.data,
    w,
    h,
    checkFloats(warped, 'warped', rw * rh * 4),
    x,
    y,
    rw,
    rh,
    lut,
    tone.kind === 'gray',
    grain,
    checkInteger(seed, 'seed', 0, 0xffffffff),
  );
}

/** Widest Gaussian blur accepted (as the addon's kMaxBlurSigma). */
const MAX_BLUR_SIGMA = 1000;

/**
 * In-place Gaussian blur of a single-channel image (`values`: width * height finite floats),
 * edges replicated: paste-back's face mask feather and colour matching (faces module). Sigmas
 * up to 4 use the sampled kernel (radius ceil(3 sigma)); larger ones three running-sum box
 * passes of the same variance. Synchronous: a face crop takes well under a millisecond.
 */
export function gaussianBlurSync(
  values: Float32Array,
  width: number,
  height: number,
  sigma: number,
): void {
  const [w, h] = checkPhotoSize(width, height);
  addon().gaussianBlurSync(
    checkFloats(values, 'values', w * h),
    w,
    h,
    checkParameter(sigma, 'sigma', MAX_BLUR_SIGMA),
  );
}

/** Real 2D FFT: height x (floor(width/2)+1) complex values, interleaved re/im (numpy rfft2). */
export function fft2(real: Float32Array, width: number, height: number): Float32Array {
  const size = checkSize(width, height);
  return addon().fft2(checkFloats(real, 'real', size.width * size.height), size.width, size.height);
}

/** Inverse of {@link fft2}, scaled by 1 / (width * height) (numpy irfft2). */
export function ifft2(spectrum: Float32Array, width: number, height: number): Float32Array {
  const size = checkSize(width, height);
  const length = 2 * size.height * (Math.floor(size.width / 2) + 1);
  return addon().ifft2(checkFloats(spectrum, 'spectrum', length), size.width, size.height);
}

/** Smallest integer >= n whose only prime factors are 2, 3 and 5. */
export function fastSize(n: number): number {
  return addon().fastSize(checkInteger(n, 'n', 1, 1 << 24));
}

/**
 * Grey from interleaved RGB(A) with BT.601 weights (README); a copy for 1 channel. Pure
 * arithmetic: non-finite values pass through (the addon rejects them where they are used).
 */
export function toGray(
  image: Float32Array,
  width: number,
  height: number,
  channels: Channels,
): Float32Array {
  const size = checkSize(width, height);
  const c = checkChannels(channels);
  const pixels = size.width * size.height;
  const src = checkFloats(image, 'image', pixels * c);
  if (c === 1) return src.slice();
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    out[p] =
      0.299 * (src[p * c] ?? 0) + 0.587 * (src[p * c + 1] ?? 0) + 0.114 * (src[p * c + 2] ?? 0);
  }
  return out;
}
