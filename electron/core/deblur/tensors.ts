/* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel loops index typed arrays within bounds by construction. */
/** Layout conversions between the pipeline's interleaved RGB and ONNX's planar NCHW. */

/** Interleaved HxWx3 -> planar 3xHxW (the 1x3xHxW tensor's data). */
export function toPlanar(rgb: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(3 * pixels);
  for (let i = 0; i < pixels; i++) {
    out[i] = rgb[3 * i]!;
    out[pixels + i] = rgb[3 * i + 1]!;
    out[2 * pixels + i] = rgb[3 * i + 2]!;
  }
  return out;
}

/** Planar 3xHxW -> interleaved HxWx3, clamped to [0, 1]. */
export function fromPlanar(planar: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(3 * pixels);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) out[3 * i + c] = clamp01(planar[c * pixels + i]!);
  }
  return out;
}

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** A copy clamped to [0, 1] (Wiener output overshoots at edges). */
export function clamped(values: Float32Array): Float32Array {
  return values.map(clamp01);
}
