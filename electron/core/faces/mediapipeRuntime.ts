/**
 * Makes @mediapipe/tasks-vision (pinned 1.1.0) run in plain Node on the CPU delegate. The
 * landmarker worker calls installMediaPipeShims, which installs browser globals into its thread;
 * the detector's thread only compiles the wasm (compileTasksVisionWasm) for the workers to share.
 *
 * Why these shims: the bundle targets browsers and web workers. It loads its Emscripten
 * loader with importScripts() (worker path), whose Node branch calls require('node:fs'); and it
 * only accepts pixels through a WebGL2 texture. With delegate 'CPU' the graph reads that
 * texture straight back (framebufferTexture2D + readPixels) and runs no shaders, so a stand-in
 * context that keeps texImage2D's pixels and returns them from readPixels is enough. (npm `gl`
 * only offers WebGL1, which MediaPipe refuses; the GPU delegate would not work with this.)
 * faces.shims.test.ts checks every assumption, so an upgrade that breaks one fails loudly.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The tasks-vision version these shims were written and tested against. */
export const TASKS_VISION_VERSION = '1.1.0';

const GL = {
  TEXTURE_2D: 0x0de1,
  RGBA: 0x1908,
  UNSIGNED_BYTE: 0x1401,
  UNPACK_FLIP_Y_WEBGL: 0x9240,
  FRAMEBUFFER: 0x8d40,
  READ_FRAMEBUFFER: 0x8ca8,
  DRAW_FRAMEBUFFER: 0x8ca9,
  COLOR_ATTACHMENT0: 0x8ce0,
  FRAMEBUFFER_COMPLETE: 0x8cd5,
  FRAMEBUFFER_BINDING: 0x8ca6,
  TEXTURE_BINDING_2D: 0x8069,
  ACTIVE_TEXTURE: 0x84e0,
  TEXTURE0: 0x84c0,
  ALREADY_SIGNALED: 0x911a,
  LINK_STATUS: 0x8b82,
} as const;

/** getParameter answers: a plausible WebGL2 implementation with generous limits. */
const PARAMETERS: Record<number, unknown> = {
  0x1f00: 'face-deblur',
  0x1f01: 'face-deblur cpu texture store',
  0x1f02: 'WebGL 2.0 (face-deblur)',
  0x8b8c: 'WebGL GLSL ES 3.00',
  0x0d33: 16384,
  0x0d3a: new Int32Array([16384, 16384]),
  0x8872: 16,
  0x84e8: 16,
  0x8b4d: 16,
  0x8869: 16,
  0x851c: 16384,
  0x8d57: 4,
  0x8cdf: 8,
  0x8824: 8,
  0x0d05: 4,
  0x0cf5: 4,
};

interface Texture {
  width: number;
  height: number;
  pixels: Uint8Array | null;
}
interface Framebuffer {
  texture: Texture | null;
}

/** Calls the graph makes that this stand-in does not implement; the shims test asserts on it. */
export const unimplementedGlCalls = new Set<string>();
/** readPixels requests this stand-in could not serve (format/type/target), for the same test. */
export const unsupportedReads: string[] = [];

// Marker classes: the GL glue only tests `instanceof` against them, so they carry no members.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
class WebGL2RenderingContextStub {}
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
class WebGLRenderingContextStub {}

/** The texture store standing in for a WebGL2 context; only what the CPU path calls. */
class CpuTextureContext extends WebGL2RenderingContextStub {
  private unit = 0;
  private readonly bound = new Map<number, Texture | null>();
  private drawFramebuffer: Framebuffer | null = null;
  private readFramebuffer: Framebuffer | null = null;
  private flipY = false;
  // State fields Emscripten's GL glue reads and writes on the context object.
  currentPixelPackBufferBinding = 0;
  currentPixelUnpackBufferBinding = 0;
  currentArrayBufferBinding = 0;
  currentElementArrayBufferBinding = 0;
  currentProgram = null;

  constructor(readonly canvas: OffscreenCanvasStub) {
    super();
    Object.assign(this, GL);
  }
  getContextAttributes() {
    return { alpha: true, depth: false, stencil: false, antialias: false };
  }
  isContextLost() {
    return false;
  }
  getSupportedExtensions(): string[] {
    return [];
  }
  getExtension() {
    return null;
  }
  getError() {
    return 0;
  }
  getParameter(p: number): unknown {
    if (p === GL.FRAMEBUFFER_BINDING) return this.drawFramebuffer;
    if (p === GL.TEXTURE_BINDING_2D) return this.bound.get(this.unit) ?? null;
    if (p === GL.ACTIVE_TEXTURE) return GL.TEXTURE0 + this.unit;
    return PARAMETERS[p] ?? 0;
  }
  getShaderPrecisionFormat() {
    return { rangeMin: 127, rangeMax: 127, precision: 23 };
  }
  activeTexture(unit: number) {
    this.unit = unit - GL.TEXTURE0;
  }
  createTexture(): Texture {
    return { width: 0, height: 0, pixels: null };
  }
  bindTexture(_target: number, texture: Texture | null) {
    this.bound.set(this.unit, texture);
  }
  pixelStorei(param: number, value: unknown) {
    if (param === GL.UNPACK_FLIP_Y_WEBGL) this.flipY = Boolean(value);
  }
  texStorage2D(_t: number, _levels: number, _format: number, width: number, height: number) {
    const texture = this.bound.get(this.unit);
    if (texture)
      Object.assign(texture, { width, height, pixels: new Uint8Array(width * height * 4) });
  }
  /** Both WebGL overloads: (t, level, ifmt, fmt, type, ImageData) and the 9-argument form. */
  texImage2D(...args: unknown[]) {
    const texture = this.bound.get(this.unit);
    if (!texture) return;
    let width: number;
    let height: number;
    let source: ArrayBufferView | null;
    if (args.length === 6) {
      const image = args[5] as { data: ArrayBufferView; width: number; height: number };
      ({ width, height } = image);
      source = image.data;
    } else {
      width = args[3] as number;
      height = args[4] as number;
      source = (args[8] as ArrayBufferView | null) ?? null;
    }
    const pixels = new Uint8Array(width * height * 4);
    if (source) {
      const src = new Uint8Array(source.buffer, source.byteOffset, width * height * 4);
      const row = width * 4;
      if (!this.flipY) pixels.set(src);
      else {
        for (let y = 0; y < height; y++) {
          pixels.set(src.subarray((height - 1 - y) * row, (height - y) * row), y * row);
        }
      }
    }
    Object.assign(texture, { width, height, pixels });
  }
  createFramebuffer(): Framebuffer {
    return { texture: null };
  }
  bindFramebuffer(target: number, framebuffer: Framebuffer | null) {
    if (target !== GL.READ_FRAMEBUFFER) this.drawFramebuffer = framebuffer;
    if (target !== GL.DRAW_FRAMEBUFFER) this.readFramebuffer = framebuffer;
  }
  framebufferTexture2D(target: number, attachment: number, _t: number, texture: Texture | null) {
    const fb = target === GL.READ_FRAMEBUFFER ? this.readFramebuffer : this.drawFramebuffer;
    if (fb && attachment === GL.COLOR_ATTACHMENT0) fb.texture = texture;
  }
  checkFramebufferStatus() {
    return GL.FRAMEBUFFER_COMPLETE;
  }
  readPixels(
    x: number,
    y: number,
    width: number,
    height: number,
    format: number,
    type: number,
    dst: unknown,
    offset = 0,
  ) {
    const texture = this.readFramebuffer?.texture;
    if (
      !texture?.pixels ||
      format !== GL.RGBA ||
      type !== GL.UNSIGNED_BYTE ||
      !ArrayBuffer.isView(dst)
    ) {
      unsupportedReads.push(`format ${format} type ${type} texture ${Boolean(texture?.pixels)}`);
      return;
    }
    const bytesPerElement = (dst as Uint8Array).BYTES_PER_ELEMENT ?? 1;
    const out = new Uint8Array(
      dst.buffer,
      dst.byteOffset + offset * bytesPerElement,
      width * height * 4,
    );
    for (let r = 0; r < height; r++) {
      const start = ((y + r) * texture.width + x) * 4;
      out.set(texture.pixels.subarray(start, start + width * 4), r * width * 4);
    }
  }
  fenceSync() {
    return {};
  }
  clientWaitSync() {
    return GL.ALREADY_SIGNALED;
  }
  getProgramParameter(_program: unknown, name: number) {
    return name === GL.LINK_STATUS;
  }
  getShaderParameter() {
    return true;
  }
  getShaderInfoLog() {
    return '';
  }
  getProgramInfoLog() {
    return '';
  }
  createShader() {
    return {};
  }
  createProgram() {
    return {};
  }
}

/** Calls the CPU path makes but that need no effect (deletes, flushes, GL state). */
const NO_OPS = [
  'deleteTexture',
  'deleteFramebuffer',
  'deleteSync',
  'flush',
  'finish',
  'texParameteri',
  'texParameterf',
];

/** Wraps a context so unknown methods are recorded no-ops and unknown constants read 0. */
function contextProxy(canvas: OffscreenCanvasStub): CpuTextureContext {
  return new Proxy(new CpuTextureContext(canvas), {
    get(target, key, receiver) {
      if (key in target) return Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string') return undefined;
      if (NO_OPS.includes(key)) return () => undefined;
      unimplementedGlCalls.add(key);
      return /^[A-Z0-9_]+$/.test(key) ? 0 : () => null;
    },
  });
}

class OffscreenCanvasStub {
  private context: CpuTextureContext | null = null;
  constructor(
    public width = 1,
    public height = 1,
  ) {}
  getContext(kind: string) {
    if (kind !== 'webgl2') return null;
    this.context ??= contextProxy(this);
    return this.context;
  }
  transferToImageBitmap(): never {
    throw new Error('OffscreenCanvas.transferToImageBitmap is not available in Node');
  }
}

class ImageDataStub {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

let installed = false;

/**
 * Makes the Emscripten loader instantiate `compiled` instead of compiling the wasm bytes it
 * read (it calls WebAssembly.instantiate(bytes, imports), once per task). Every task in every
 * worker then shares one compiled module, and V8's tier-up of its hot functions is done once:
 * compiling the 13 MB module took ~100 ms per task (4 with two workers), and the tier-ups
 * competed with detection for the cores during the first tens of calls.
 */
function instantiateFrom(compiled: WebAssembly.Module, byteLength: number): void {
  const instantiate = WebAssembly.instantiate.bind(WebAssembly);
  const shared = async (source: unknown, imports?: WebAssembly.Imports) => {
    // Only the tasks-vision binary (recognised by its size) is swapped for the compiled module.
    if (ArrayBuffer.isView(source) && source.byteLength === byteLength) {
      return { module: compiled, instance: await instantiate(compiled, imports) };
    }
    return instantiate(source as BufferSource, imports);
  };
  WebAssembly.instantiate = shared as typeof WebAssembly.instantiate;
}

/**
 * Installs the browser globals tasks-vision needs into this thread (idempotent); with `wasm`
 * (compileTasksVisionWasm's result), its tasks use that compiled module.
 */
export function installMediaPipeShims(wasm?: TasksVisionWasm): void {
  if (installed) return;
  installed = true;
  if (wasm) instantiateFrom(wasm.module, wasm.byteLength);
  const g = globalThis as Record<string, unknown>;
  g.self = globalThis;
  g.navigator ??= { userAgent: 'node' };
  // The Emscripten loader's Node branch calls require('node:fs') from script scope.
  g.require ??= createRequire(import.meta.url);
  g.OffscreenCanvas = OffscreenCanvasStub;
  // The GL glue tells WebGL1 from WebGL2 with instanceof; ours must be a WebGL2 context.
  g.WebGLRenderingContext ??= WebGLRenderingContextStub;
  g.WebGL2RenderingContext ??= WebGL2RenderingContextStub;
  if (g.WebGL2RenderingContext !== WebGL2RenderingContextStub) {
    Object.setPrototypeOf(
      CpuTextureContext.prototype,
      (g.WebGL2RenderingContext as { prototype: object }).prototype,
    );
  }
  g.ImageData ??= ImageDataStub;
  // The bundle loads its wasm loader with importScripts(url) when that exists (worker path).
  g.importScripts = (...urls: string[]) => {
    for (const url of urls) {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      g.__filename = file;
      g.__dirname = path.dirname(file);
      vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
    }
  };
}

/** The installed tasks-vision package: its version and the wasm fileset for the CPU build. */
export function tasksVisionFileset(): {
  version: string;
  wasmLoaderPath: string;
  wasmBinaryPath: string;
} {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@mediapipe/tasks-vision');
  const dir = path.dirname(entry);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    version: pkg.version,
    wasmLoaderPath: path.join(dir, 'wasm', 'vision_wasm_internal.js'),
    wasmBinaryPath: path.join(dir, 'wasm', 'vision_wasm_internal.wasm'),
  };
}

/** The tasks-vision CPU wasm, compiled; a WebAssembly.Module can be posted to worker threads. */
export interface TasksVisionWasm {
  module: WebAssembly.Module;
  /** Size of the binary it was compiled from (how the loader's own read is recognised). */
  byteLength: number;
}

/** Compiles the installed tasks-vision wasm (V8 compiles off this thread: ~100 ms). */
export async function compileTasksVisionWasm(): Promise<TasksVisionWasm> {
  const bytes = await fs.promises.readFile(tasksVisionFileset().wasmBinaryPath);
  return { module: await WebAssembly.compile(bytes), byteLength: bytes.byteLength };
}
