/**
 * Benchmark only: the same math as native/src/deconv.cpp (native/README.md) in pure JavaScript
 * on fft.js, the "pure JS" reference of `npm run bench:native`. fft.js transforms powers of two
 * only, so every working grid is the next power of two instead of the next 2-3-5-smooth size;
 * everything else (gradients, eq. 9, crop/threshold/normalise, symmetric pad, 3 taper rounds,
 * eq. 11) is the same.
 */
import FFT from 'fft.js';

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
const wrap = (i: number, n: number): number => ((i % n) + n) % n;
const reflect = (i: number, n: number): number => {
  const m = wrap(i, 2 * n);
  return m < n ? m : 2 * n - 1 - m;
};

/** Full complex 2D transform of an h x w grid (both powers of two), interleaved re/im. */
export class JsFft2D {
  private readonly rows: FFT;
  private readonly cols: FFT;
  private readonly rowIn: number[];
  private readonly rowOut: number[];
  private readonly colIn: number[];
  private readonly colOut: number[];

  constructor(
    readonly height: number,
    readonly width: number,
  ) {
    this.rows = new FFT(width);
    this.cols = new FFT(height);
    this.rowIn = this.rows.createComplexArray() as number[];
    this.rowOut = this.rows.createComplexArray() as number[];
    this.colIn = this.cols.createComplexArray() as number[];
    this.colOut = this.cols.createComplexArray() as number[];
  }

  /** real (h*w) -> full spectrum (h*w*2). */
  forward(real: Float64Array): Float64Array {
    const { width: w, height: h } = this;
    const out = new Float64Array(h * w * 2);
    const row = new Array<number>(w);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) row[j] = real[i * w + j] ?? 0;
      this.rows.realTransform(this.rowOut, row);
      this.rows.completeSpectrum(this.rowOut);
      out.set(this.rowOut, i * w * 2);
    }
    this.columns(out, false);
    return out;
  }

  /** full spectrum -> real part of the inverse (scaled 1/(h w)). */
  inverse(spectrum: Float64Array): Float64Array {
    const { width: w, height: h } = this;
    this.columns(spectrum, true);
    const out = new Float64Array(h * w);
    for (let i = 0; i < h; i++) {
      for (let k = 0; k < 2 * w; k++) this.rowIn[k] = spectrum[i * w * 2 + k] ?? 0;
      this.rows.inverseTransform(this.rowOut, this.rowIn);
      for (let j = 0; j < w; j++) out[i * w + j] = this.rowOut[2 * j] ?? 0;
    }
    return out;
  }

  private columns(data: Float64Array, inverse: boolean): void {
    const { width: w, height: h } = this;
    for (let j = 0; j < w; j++) {
      for (let i = 0; i < h; i++) {
        this.colIn[2 * i] = data[(i * w + j) * 2] ?? 0;
        this.colIn[2 * i + 1] = data[(i * w + j) * 2 + 1] ?? 0;
      }
      if (inverse) this.cols.inverseTransform(this.colOut, this.colIn);
      else this.cols.transform(this.colOut, this.colIn);
      for (let i = 0; i < h; i++) {
        data[(i * w + j) * 2] = this.colOut[2 * i] ?? 0;
        data[(i * w + j) * 2 + 1] = this.colOut[2 * i + 1] ?? 0;
      }
    }
  }
}

const plans = new Map<string, JsFft2D>();
function plan(h: number, w: number): JsFft2D {
  const key = `${h}x${w}`;
  let p = plans.get(key);
  if (!p) plans.set(key, (p = new JsFft2D(h, w)));
  return p;
}

function otf(kernel: Float32Array, size: number, ph: number, pw: number): Float64Array {
  const placed = new Float64Array(ph * pw);
  const r = (size - 1) / 2;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      placed[wrap(a - r, ph) * pw + wrap(b - r, pw)] = kernel[a * size + b] ?? 0;
    }
  }
  return plan(ph, pw).forward(placed);
}

function gradients(x: Float32Array, w: number, h: number, pw: number, ph: number) {
  const dh = new Float64Array(ph * pw);
  const dv = new Float64Array(ph * pw);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const v = x[i * w + j] ?? 0;
      if (j + 1 < w) dh[i * pw + j] = (x[i * w + j + 1] ?? 0) - v;
      if (i + 1 < h) dv[i * pw + j] = (x[(i + 1) * w + j] ?? 0) - v;
    }
  }
  return { dh, dv };
}

/** Eq. (9) with a fixed kernel size; returns the normalised kernel. */
export function estimateKernelJs(
  blurry: Float32Array,
  sketch: Float32Array,
  w: number,
  h: number,
  size: number,
  beta: number,
  threshold: number,
): Float32Array {
  const ph = nextPow2(h + size - 1);
  const pw = nextPow2(w + size - 1);
  const p = plan(ph, pw);
  const y = gradients(blurry, w, h, pw, ph);
  const s = gradients(sketch, w, h, pw, ph);
  const [yh, yv, sh, sv] = [y.dh, y.dv, s.dh, s.dv].map((g) => p.forward(g)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const k = new Float64Array(ph * pw * 2);
  for (let f = 0; f < ph * pw; f++) {
    const [ahr, ahi, avr, avi] = [
      sh[2 * f] ?? 0,
      sh[2 * f + 1] ?? 0,
      sv[2 * f] ?? 0,
      sv[2 * f + 1] ?? 0,
    ];
    const [bhr, bhi, bvr, bvi] = [
      yh[2 * f] ?? 0,
      yh[2 * f + 1] ?? 0,
      yv[2 * f] ?? 0,
      yv[2 * f + 1] ?? 0,
    ];
    const den = ahr * ahr + ahi * ahi + avr * avr + avi * avi + beta;
    if (den > 0) {
      k[2 * f] = (ahr * bhr + ahi * bhi + avr * bvr + avi * bvi) / den;
      k[2 * f + 1] = (ahr * bhi - ahi * bhr + avr * bvi - avi * bvr) / den;
    }
  }
  const full = p.inverse(k);
  const r = (size - 1) / 2;
  const out = new Float32Array(size * size);
  let peak = 0;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const v = Math.max(0, full[wrap(a - r, ph) * pw + wrap(b - r, pw)] ?? 0);
      out[a * size + b] = v;
      peak = Math.max(peak, v);
    }
  }
  let total = 0;
  for (let i = 0; i < out.length; i++) {
    if ((out[i] ?? 0) < threshold * peak) out[i] = 0;
    total += out[i] ?? 0;
  }
  return out.map((v) => v / total);
}

function taperAlpha(q: Float64Array, n: number): Float64Array {
  const s = q.length;
  const a = new Float64Array(s);
  for (let lag = 0; lag < s; lag++) {
    for (let k = 0; k + lag < s; k++) a[lag] = (a[lag] ?? 0) + (q[k] ?? 0) * (q[k + lag] ?? 0);
  }
  const alpha = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const lag = Math.min(i, n - i);
    if (lag < s) alpha[i] = 1 - (a[lag] ?? 0) / (a[0] ?? 1);
  }
  return alpha;
}

function multiply(x: Float64Array, f: Float64Array, conjugate: boolean, gamma: number): void {
  for (let k = 0; k < x.length; k += 2) {
    const fr = f[k] ?? 0;
    const fi = conjugate ? -(f[k + 1] ?? 0) : (f[k + 1] ?? 0);
    const scale = conjugate ? 1 / (fr * fr + fi * fi + gamma) : 1;
    const xr = x[k] ?? 0;
    const xi = x[k + 1] ?? 0;
    x[k] = (xr * fr - xi * fi) * scale;
    x[k + 1] = (xr * fi + xi * fr) * scale;
  }
}

/** Eq. (11) on interleaved RGB with symmetric pad + 3 edge-taper rounds. */
export function wienerRgbJs(
  image: Float32Array,
  w: number,
  h: number,
  kernel: Float32Array,
  size: number,
  gamma: number,
): Float32Array {
  const ph = nextPow2(h + 2 * size);
  const pw = nextPow2(w + 2 * size);
  const p = plan(ph, pw);
  const K = otf(kernel, size, ph, pw);
  const qv = new Float64Array(size);
  const qh = new Float64Array(size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      qv[a] = (qv[a] ?? 0) + (kernel[a * size + b] ?? 0);
      qh[b] = (qh[b] ?? 0) + (kernel[a * size + b] ?? 0);
    }
  }
  const av = taperAlpha(qv, ph);
  const ah = taperAlpha(qh, pw);
  const out = new Float32Array(image.length);
  for (let c = 0; c < 3; c++) {
    let grid: Float64Array = new Float64Array(ph * pw);
    for (let i = 0; i < ph; i++) {
      for (let j = 0; j < pw; j++) {
        grid[i * pw + j] = image[(reflect(i - size, h) * w + reflect(j - size, w)) * 3 + c] ?? 0;
      }
    }
    for (let round = 0; round < 3; round++) {
      const spec = p.forward(grid);
      multiply(spec, K, false, 0);
      const blurred = p.inverse(spec);
      for (let i = 0; i < ph; i++) {
        for (let j = 0; j < pw; j++) {
          const wgt = (av[i] ?? 1) * (ah[j] ?? 1);
          const q = blurred[i * pw + j] ?? 0;
          grid[i * pw + j] = q + wgt * ((grid[i * pw + j] ?? 0) - q);
        }
      }
    }
    const spec = p.forward(grid);
    multiply(spec, K, true, gamma);
    grid = p.inverse(spec);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) out[(i * w + j) * 3 + c] = grid[(i + size) * pw + j + size] ?? 0;
    }
  }
  return out;
}
