/**
 * The classical blind baseline of the benchmark: no network, the kernel is estimated from the
 * blurry image's own edges (after Xu, Zheng and Jia 2013 "Unnatural L0 sparse representation
 * for natural image deblurring" and Pan et al. 2014), then restored with the product's Wiener.
 *
 * Coarse to fine over an image pyramid, alternate
 *   latent x  = argmin ||k * x - y||^2 + lambda ||grad x||_0    (half-quadratic splitting)
 *   kernel k  = the native closed-form estimate, eq. (9), with x standing in for the sketch
 * so the kernel is fitted to the few strong, step-like edges the L0 prior keeps. The kernel
 * of the finest level goes to `wienerDeconvolve` on the RGB face, exactly as the full method.
 * Every FFT and the kernel estimate run in the native addon; only the elementwise spectral
 * arithmetic of the latent update is here.
 */
import * as native from '../../native/index.js';

export interface ClassicalBlindParams {
  /** L0 weight of the latent update at the coarsest level (images in [0, 1]). */
  lambda: number;
  /** lambda is multiplied by this after every alternation, so finer edges join later. */
  lambdaDecay: number;
  /** Alternations per pyramid level. */
  iterations: number;
  /** Kernel-estimation regulariser (native eq. 9 beta) and relative threshold. */
  beta: number;
  threshold: number;
  /** Wiener regulariser of the final restoration. */
  gamma: number;
}

/**
 * Tuned on TRAINING faces only (scripts/eval/tune-classical.ts; values and the search in
 * docs/benchmark.md).
 */
export const CLASSICAL_DEFAULTS: ClassicalBlindParams = {
  lambda: 0.005,
  lambdaDecay: 0.9,
  iterations: 4,
  beta: 100,
  threshold: 0.1,
  gamma: native.DEFAULTS.gamma,
};

/** Smallest kernel the native estimator accepts; the pyramid stops above it. */
const MIN_LEVEL_KERNEL = native.DEFAULTS.minKernelSize;
const BETA_MAX = 1e5;
const BETA_RATE = 4;

interface Gray {
  data: Float32Array;
  width: number;
  height: number;
}

/** Halves an image by averaging 2x2 blocks (an odd last row/column is dropped). */
function halve(image: Gray): Gray {
  const width = Math.floor(image.width / 2);
  const height = Math.floor(image.height / 2);
  const data = new Float32Array(width * height);
  const src = image.data;
  for (let i = 0; i < height; i += 1) {
    for (let j = 0; j < width; j += 1) {
      const o = 2 * i * image.width + 2 * j;
      data[i * width + j] =
        ((src[o] as number) +
          (src[o + 1] as number) +
          (src[o + image.width] as number) +
          (src[o + image.width + 1] as number)) /
        4;
    }
  }
  return { data, width, height };
}

/** Resamples a centred odd kernel to another odd size (bilinear, centre kept), sum 1. */
export function resizeKernel(kernel: Float32Array, from: number, to: number): Float32Array {
  const out = new Float32Array(to * to);
  const rFrom = (from - 1) / 2;
  const rTo = (to - 1) / 2;
  const scale = from / to;
  let total = 0;
  for (let a = 0; a < to; a += 1) {
    for (let b = 0; b < to; b += 1) {
      const y = (a - rTo) * scale + rFrom;
      const x = (b - rTo) * scale + rFrom;
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      let v = 0;
      for (const [dy, wy] of [
        [0, 1 - (y - y0)],
        [1, y - y0],
      ] as const) {
        for (const [dx, wx] of [
          [0, 1 - (x - x0)],
          [1, x - x0],
        ] as const) {
          const yy = y0 + dy;
          const xx = x0 + dx;
          if (yy >= 0 && yy < from && xx >= 0 && xx < from)
            v += wy * wx * (kernel[yy * from + xx] as number);
        }
      }
      out[a * to + b] = v;
      total += v;
    }
  }
  if (total <= 0) {
    out.fill(0);
    out[rTo * to + rTo] = 1;
    return out;
  }
  return out.map((v) => v / total);
}

/** Symmetric extension (edge sample repeated) by `pad` on the top/left and up to the fast grid. */
function padSymmetric(image: Gray, pad: number): { grid: Gray; pad: number } {
  const width = native.fastSize(image.width + 2 * pad);
  const height = native.fastSize(image.height + 2 * pad);
  const data = new Float32Array(width * height);
  const reflect = (i: number, n: number): number => {
    let k = i;
    for (;;) {
      if (k < 0) k = -k - 1;
      else if (k >= n) k = 2 * n - k - 1;
      else return k;
    }
  };
  for (let i = 0; i < height; i += 1) {
    const si = reflect(i - pad, image.height);
    for (let j = 0; j < width; j += 1) {
      data[i * width + j] = image.data[si * image.width + reflect(j - pad, image.width)] as number;
    }
  }
  return { grid: { data, width, height }, pad };
}

/** Half-spectrum transfer function of a centred kernel on a width x height periodic grid. */
function kernelOtf(
  kernel: Float32Array,
  size: number,
  width: number,
  height: number,
): Float32Array {
  const placed = new Float32Array(width * height);
  const r = (size - 1) / 2;
  for (let a = 0; a < size; a += 1) {
    for (let b = 0; b < size; b += 1) {
      const i = (a - r + height) % height;
      const j = (b - r + width) % width;
      placed[i * width + j] = kernel[a * size + b] as number;
    }
  }
  return native.fft2(placed, width, height);
}

/**
 * L0-regularised non-blind deconvolution of a grey image (Xu et al. 2013, Pan et al. 2014):
 * gradients below sqrt(lambda / beta) are zeroed, the rest fixed, the image solved in the
 * Fourier domain, for beta = 2 lambda .. 1e5 doubling. Circular on a symmetrically padded
 * grid, cropped back.
 */
export function l0Deconvolve(
  image: Gray,
  kernel: Float32Array,
  kernelSize: number,
  lambda: number,
): Gray {
  const { grid, pad } = padSymmetric(image, kernelSize);
  const { width: w, height: h } = grid;
  const sw = Math.floor(w / 2) + 1;
  const K = kernelOtf(kernel, kernelSize, w, h);
  const Y = native.fft2(grid.data, w, h);
  // |Dh|^2 and |Dv|^2 of the forward differences: |e^{2 pi i f} - 1|^2 = 2 - 2 cos(2 pi f).
  const n = h * sw;
  const numBase = new Float32Array(2 * n);
  const denK = new Float32Array(n);
  const denD = new Float32Array(n);
  for (let u = 0; u < h; u += 1) {
    const dv2 = 2 - 2 * Math.cos((2 * Math.PI * u) / h);
    for (let v = 0; v < sw; v += 1) {
      const o = u * sw + v;
      const kr = K[2 * o] as number;
      const ki = K[2 * o + 1] as number;
      const yr = Y[2 * o] as number;
      const yi = Y[2 * o + 1] as number;
      numBase[2 * o] = kr * yr + ki * yi; // conj(K) Y
      numBase[2 * o + 1] = kr * yi - ki * yr;
      denK[o] = kr * kr + ki * ki;
      denD[o] = dv2 + 2 - 2 * Math.cos((2 * Math.PI * v) / w);
    }
  }
  let x = grid.data;
  const gh = new Float32Array(w * h);
  const gv = new Float32Array(w * h);
  const spectrum = new Float32Array(2 * n);
  for (let beta = 2 * lambda; beta < BETA_MAX; beta *= BETA_RATE) {
    const cut = lambda / beta;
    for (let i = 0; i < h; i += 1) {
      const down = ((i + 1) % h) * w;
      for (let j = 0; j < w; j += 1) {
        const o = i * w + j;
        const c = x[o] as number;
        const dh = (x[i * w + ((j + 1) % w)] as number) - c;
        const dv = (x[down + j] as number) - c;
        const keep = dh * dh + dv * dv >= cut;
        gh[o] = keep ? dh : 0;
        gv[o] = keep ? dv : 0;
      }
    }
    // conj(Dh) F(gh) + conj(Dv) F(gv) is the DFT of the backward-difference divergence term
    // -(gh[j] - gh[j-1]) - (gv[i] - gv[i-1]); build it in space and transform once.
    const div = new Float32Array(w * h);
    for (let i = 0; i < h; i += 1) {
      const up = ((i - 1 + h) % h) * w;
      for (let j = 0; j < w; j += 1) {
        const o = i * w + j;
        div[o] =
          (gh[i * w + ((j - 1 + w) % w)] as number) -
          (gh[o] as number) +
          (gv[up + j] as number) -
          (gv[o] as number);
      }
    }
    const G = native.fft2(div, w, h);
    for (let o = 0; o < n; o += 1) {
      const den = (denK[o] as number) + beta * (denD[o] as number);
      spectrum[2 * o] = ((numBase[2 * o] as number) + beta * (G[2 * o] as number)) / den;
      spectrum[2 * o + 1] =
        ((numBase[2 * o + 1] as number) + beta * (G[2 * o + 1] as number)) / den;
    }
    x = native.ifft2(spectrum, w, h);
  }
  const data = new Float32Array(image.width * image.height);
  for (let i = 0; i < image.height; i += 1) {
    data.set(x.subarray((i + pad) * w + pad, (i + pad) * w + pad + image.width), i * image.width);
  }
  return { data, width: image.width, height: image.height };
}

export interface ClassicalBlindResult {
  kernel: Float32Array;
  kernelSize: number;
  /** The full-resolution L0 latent image the last kernel was fitted to (shown in the grid). */
  latent: Float32Array;
  /** The restored RGB face (not clipped). */
  restored: Float32Array;
}

/** Kernel sizes per pyramid level, finest first: S, then about S/2, S/4 ... while >= 11. */
export function pyramidKernelSizes(kernelSize: number): number[] {
  const sizes = [kernelSize];
  for (;;) {
    const next = Math.round((sizes[sizes.length - 1] as number) / 4) * 2 + 1;
    if (next < MIN_LEVEL_KERNEL || next >= (sizes[sizes.length - 1] as number)) return sizes;
    sizes.push(next);
  }
}

/** Blind deblurring of an RGB face (interleaved, [0, 1]) given only the kernel size. */
export function classicalBlindDeblur(
  rgb: Float32Array,
  width: number,
  height: number,
  kernelSize: number,
  params: ClassicalBlindParams = CLASSICAL_DEFAULTS,
): ClassicalBlindResult {
  const sizes = pyramidKernelSizes(kernelSize);
  const levels: Gray[] = [{ data: native.toGray(rgb, width, height, 3), width, height }];
  for (let l = 1; l < sizes.length; l += 1) levels.push(halve(levels[l - 1] as Gray));
  let kernel: Float32Array | undefined;
  let size = 0;
  let latent: Gray = levels[0] as Gray;
  let lambda = params.lambda;
  for (let l = sizes.length - 1; l >= 0; l -= 1) {
    const y = levels[l] as Gray;
    const levelSize = sizes[l] as number;
    if (kernel) kernel = resizeKernel(kernel, size, levelSize);
    size = levelSize;
    // Coarsest level: no kernel yet, start from the L0-smoothed blurry image (delta kernel).
    const delta = new Float32Array(size * size);
    delta[(size * size - 1) / 2] = 1;
    for (let it = 0; it < params.iterations; it += 1) {
      latent = l0Deconvolve(y, kernel ?? delta, size, lambda);
      const estimate = native.estimateKernelSync(y.data, latent.data, y.width, y.height, {
        kernelSize: size,
        beta: params.beta,
        threshold: params.threshold,
      });
      kernel = estimate.data;
      lambda *= params.lambdaDecay;
    }
  }
  const finalKernel = kernel as Float32Array;
  const restored = native.wienerDeconvolveSync(rgb, width, height, 3, finalKernel, size, {
    gamma: params.gamma,
  });
  return { kernel: finalKernel, kernelSize: size, latent: latent.data, restored };
}
