/**
 * PSNR and SSIM as the benchmark reports them (docs/benchmark.md), written to agree with
 * scikit-image's `peak_signal_noise_ratio(gt, x, data_range=1)` and
 * `structural_similarity(gt, x, channel_axis=2, data_range=1, gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False)` (the settings of Wang et al. 2004): an 11x11
 * Gaussian window (sigma 1.5, truncated at 3.5 sigma), K1 = 0.01, K2 = 0.03, the SSIM map
 * averaged over the pixels at least 5 px from the border, then over the channels.
 */

/** An interleaved image with values on a [0, 1] scale. */
export interface MetricImage {
  data: ArrayLike<number>;
  width: number;
  height: number;
  channels: number;
}

function checkPair(a: MetricImage, b: MetricImage): void {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new RangeError(
      `metric images differ in shape: ${a.width}x${a.height}x${a.channels} vs ${b.width}x${b.height}x${b.channels}`,
    );
  }
  if (a.data.length !== a.width * a.height * a.channels || b.data.length !== a.data.length) {
    throw new RangeError(
      `metric image data length does not match ${a.width}x${a.height}x${a.channels}`,
    );
  }
}

/** Peak signal-to-noise ratio in dB for data range 1 (Infinity for identical images). */
export function psnr(truth: MetricImage, test: MetricImage): number {
  checkPair(truth, test);
  let sum = 0;
  for (let i = 0; i < truth.data.length; i += 1) {
    const d = (truth.data[i] as number) - (test.data[i] as number);
    sum += d * d;
  }
  const mse = sum / truth.data.length;
  return 10 * Math.log10(1 / mse);
}

const SIGMA = 1.5;
const RADIUS = Math.floor(3.5 * SIGMA + 0.5); // 5, as scipy.ndimage with truncate 3.5
const WEIGHTS: Float64Array = (() => {
  const w = new Float64Array(2 * RADIUS + 1);
  let total = 0;
  for (let k = -RADIUS; k <= RADIUS; k += 1) {
    const v = Math.exp((-0.5 * k * k) / (SIGMA * SIGMA));
    w[k + RADIUS] = v;
    total += v;
  }
  return w.map((v) => v / total);
})();

/**
 * Gaussian-weighted local means of the five SSIM statistics at the interior pixels (those
 * whose window lies inside the image: exactly the pixels scikit-image averages).
 */
function ssimChannel(a: MetricImage, b: MetricImage, channel: number): number {
  const { width: w, height: h, channels: c } = a;
  const iw = w - 2 * RADIUS;
  const ih = h - 2 * RADIUS;
  // Horizontal pass over every row, only for interior columns.
  const rows = Array.from({ length: 5 }, () => new Float64Array(h * iw));
  const [ra, rb, raa, rbb, rab] = rows as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < iw; x += 1) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let k = 0; k <= 2 * RADIUS; k += 1) {
        const i = (y * w + x + k) * c + channel;
        const va = a.data[i] as number;
        const vb = b.data[i] as number;
        const wk = WEIGHTS[k] as number;
        sa += wk * va;
        sb += wk * vb;
        saa += wk * va * va;
        sbb += wk * vb * vb;
        sab += wk * va * vb;
      }
      const o = y * iw + x;
      ra[o] = sa;
      rb[o] = sb;
      raa[o] = saa;
      rbb[o] = sbb;
      rab[o] = sab;
    }
  }
  const c1 = 0.01 ** 2;
  const c2 = 0.03 ** 2;
  let total = 0;
  for (let y = 0; y < ih; y += 1) {
    for (let x = 0; x < iw; x += 1) {
      let ux = 0;
      let uy = 0;
      let uxx = 0;
      let uyy = 0;
      let uxy = 0;
      for (let k = 0; k <= 2 * RADIUS; k += 1) {
        const o = (y + k) * iw + x;
        const wk = WEIGHTS[k] as number;
        ux += wk * (ra[o] as number);
        uy += wk * (rb[o] as number);
        uxx += wk * (raa[o] as number);
        uyy += wk * (rbb[o] as number);
        uxy += wk * (rab[o] as number);
      }
      const vx = uxx - ux * ux;
      const vy = uyy - uy * uy;
      const vxy = uxy - ux * uy;
      total += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    }
  }
  return total / (iw * ih);
}

/** Mean SSIM over channels, data range 1. Images must be at least 11x11. */
export function ssim(truth: MetricImage, test: MetricImage): number {
  checkPair(truth, test);
  if (truth.width <= 2 * RADIUS || truth.height <= 2 * RADIUS) {
    throw new RangeError(
      `SSIM needs images larger than ${2 * RADIUS + 1}x${2 * RADIUS + 1}, got ${truth.width}x${truth.height}`,
    );
  }
  let sum = 0;
  for (let ch = 0; ch < truth.channels; ch += 1) sum += ssimChannel(truth, test, ch);
  return sum / truth.channels;
}
