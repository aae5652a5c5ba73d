#include "warp.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "parallel.h"

namespace fd {
namespace {

double affineScale(const double* m) { return std::sqrt(std::fabs(m[0] * m[4] - m[1] * m[3])); }

int clampInt(int v, int max) { return v < 0 ? 0 : v > max ? max : v; }

// Box-averages the part of `src` the output reads from by an integer factor k; `toSource` becomes
// the transform into the averaged image. Accumulates in float, as the reference does.
template <typename T>
std::vector<float> boxPrefilter(const T* src, int sw, int sh, int sc, const WarpSpec& spec,
                                int k, double* toSource, int* dw, int* dh) {
  const double* m = spec.toSource;
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
  const double w = spec.width, h = spec.height;
  const double xs[4] = {c, a * w + c, b * h + c, a * w + b * h + c};
  const double ys[4] = {f, d * w + f, e * h + f, d * w + e * h + f};
  // In doubles until clamped to the source: a far-off footprint must not overflow an int. A
  // start past the source's end reads nothing either way (one all-zero pixel).
  const double x0d = std::max(0.0, std::floor(*std::min_element(xs, xs + 4)) - 2 * k);
  const double y0d = std::max(0.0, std::floor(*std::min_element(ys, ys + 4)) - 2 * k);
  const double x1d = std::min<double>(sw, std::ceil(*std::max_element(xs, xs + 4)) + 2 * k);
  const double y1d = std::min<double>(sh, std::ceil(*std::max_element(ys, ys + 4)) + 2 * k);
  const int x0 = static_cast<int>(std::min<double>(x0d, sw));
  const int y0 = static_cast<int>(std::min<double>(y0d, sh));
  *dw = static_cast<int>(std::max(1.0, std::floor((x1d - x0d) / k)));
  *dh = static_cast<int>(std::max(1.0, std::floor((y1d - y0d) / k)));
  const int nc = spec.outChannels;
  std::vector<float> out(static_cast<std::size_t>(*dw) * *dh * nc, 0.0f);
  for (int y = 0; y < *dh; ++y) {
    const int syEnd = std::min(y0 + (y + 1) * k, sh);
    for (int sy = y0 + y * k; sy < syEnd; ++sy) {
      for (int x = 0; x < *dw; ++x) {
        float* o = out.data() + (static_cast<std::size_t>(y) * *dw + x) * nc;
        const int end = std::min(x0 + (x + 1) * k, sw);
        for (int sx = x0 + x * k; sx < end; ++sx) {
          const T* p = src + (static_cast<std::size_t>(sy) * sw + sx) * sc;
          for (int ch = 0; ch < nc; ++ch) {
            o[ch] = static_cast<float>(static_cast<double>(o[ch]) +
                                       static_cast<double>(p[spec.channels[ch]]));
          }
        }
      }
    }
  }
  const double inv = 1.0 / (static_cast<double>(k) * k);
  for (float& v : out) v = static_cast<float>(v * inv);
  // Averaged pixel j is centred on source x0 + j k + (k - 1) / 2.
  const double shift = (k - 1) / 2.0;
  toSource[0] = a / k;
  toSource[1] = b / k;
  toSource[2] = (c - x0 - shift) / k;
  toSource[3] = d / k;
  toSource[4] = e / k;
  toSource[5] = (f - y0 - shift) / k;
  return out;
}

// One row of 4 bicubic taps, left to right (the reference's order).
template <typename T>
inline double addRow(double v, const T* row, double wy, const int* cols, const double* wx) {
  v += wx[0] * wy * static_cast<double>(row[cols[0]]);
  v += wx[1] * wy * static_cast<double>(row[cols[1]]);
  v += wx[2] * wy * static_cast<double>(row[cols[2]]);
  v += wx[3] * wy * static_cast<double>(row[cols[3]]);
  return v;
}

// Catmull-Rom (Keys, a = -0.5) weights for fraction t.
inline void cubicWeights(double t, double* w) {
  const double t2 = t * t, t3 = t2 * t;
  w[0] = -0.5 * t3 + t2 - 0.5 * t;
  w[1] = 1.5 * t3 - 2.5 * t2 + 1;
  w[2] = -1.5 * t3 + 2 * t2 + 0.5 * t;
  w[3] = 0.5 * t3 - 0.5 * t2;
}

// Output rows [rowBegin, rowEnd) of the region.
template <typename T>
void resample(const T* data, int sw, int sh, int sc, const int* chans, const double* m,
              const WarpSpec& spec, int rowBegin, int rowEnd, float* out) {
  const int nc = spec.outChannels;
  const int ox = spec.regionX, oy = spec.regionY, ow = spec.regionWidth;
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
  const int n = affineScale(m) > 1.25 ? 2 : 1;
  const int maxX = sw - 1, maxY = sh - 1;
  const std::size_t rowStride = static_cast<std::size_t>(sw) * sc;
  double acc[4];
  for (int ry = std::max(rowBegin, -oy); ry < std::min(rowEnd, spec.height - oy); ++ry) {
    const int y = oy + ry;
    for (int rx = std::max(0, -ox); rx < std::min(ow, spec.width - ox); ++rx) {
      const int x = ox + rx;
      const std::size_t at = static_cast<std::size_t>(ry) * ow + rx;
      float* o = out + at * nc;
      const double cx = a * x + b * y + c;
      const double cy = d * x + e * y + f;
      const bool outside = cx < -0.5 || cy < -0.5 || cx > sw - 0.5 || cy > sh - 0.5;
      if ((spec.fillOutside && outside) || (spec.only && spec.only[at] <= 0)) continue;
      if (n == 1) {
        const double fx = std::floor(cx), fy = std::floor(cy);
        // Taps beyond the edge clamp to it anyway; bounded so the int cannot overflow.
        const int x0 = static_cast<int>(std::min(std::max(fx, -4.0), sw + 4.0));
        const int y0 = static_cast<int>(std::min(std::max(fy, -4.0), sh + 4.0));
        double wx[4], wy[4];
        cubicWeights(cx - fx, wx);
        cubicWeights(cy - fy, wy);
        int cols[4];
        std::size_t rows[4];
        for (int k = 0; k < 4; ++k) {
          cols[k] = clampInt(x0 - 1 + k, maxX) * sc;
          rows[k] = static_cast<std::size_t>(clampInt(y0 - 1 + k, maxY)) * rowStride;
        }
        for (int k = 0; k < nc; ++k) {
          const T* p = data + chans[k];
          // +0 first, as an accumulator: -0 products must not leave a -0.
          double v = addRow(0.0, p + rows[0], wy[0], cols, wx);
          v = addRow(v, p + rows[1], wy[1], cols, wx);
          v = addRow(v, p + rows[2], wy[2], cols, wx);
          o[k] = static_cast<float>(addRow(v, p + rows[3], wy[3], cols, wx));
        }
        continue;
      }
      std::fill(acc, acc + nc, 0.0);
      for (int sj = 0; sj < n; ++sj) {
        for (int si = 0; si < n; ++si) {
          const double dx = (si + 0.5) / n - 0.5;
          const double dy = (sj + 0.5) / n - 0.5;
          const double px = std::min(std::max(cx + a * dx + b * dy, 0.0), 1.0 * maxX);
          const double py = std::min(std::max(cy + d * dx + e * dy, 0.0), 1.0 * maxY);
          const int x0 = std::min(static_cast<int>(std::floor(px)), maxX - 1 < 0 ? 0 : maxX - 1);
          const int y0 = std::min(static_cast<int>(std::floor(py)), maxY - 1 < 0 ? 0 : maxY - 1);
          const double tx = px - x0, ty = py - y0;
          const int x1 = std::min(x0 + 1, maxX), y1 = std::min(y0 + 1, maxY);
          const T* p00 = data + (static_cast<std::size_t>(y0) * sw + x0) * sc;
          const T* p10 = data + (static_cast<std::size_t>(y0) * sw + x1) * sc;
          const T* p01 = data + (static_cast<std::size_t>(y1) * sw + x0) * sc;
          const T* p11 = data + (static_cast<std::size_t>(y1) * sw + x1) * sc;
          for (int k = 0; k < nc; ++k) {
            const int ch = chans[k];
            acc[k] += (1 - ty) * ((1 - tx) * static_cast<double>(p00[ch]) +
                                  tx * static_cast<double>(p10[ch])) +
                      ty * ((1 - tx) * static_cast<double>(p01[ch]) +
                            tx * static_cast<double>(p11[ch]));
          }
        }
      }
      const double inv = 1.0 / (n * n);
      for (int k = 0; k < nc; ++k) o[k] = static_cast<float>(acc[k] * inv);
    }
  }
}

}  // namespace

template <typename T>
void warpAffine(const T* src, int width, int height, int channels, const WarpSpec& spec,
                float* out) {
  const int k = static_cast<int>(std::floor(affineScale(spec.toSource)));
  double prefiltered[6];
  int dw = 0, dh = 0;
  const std::vector<float> pre =
      k >= 2 ? boxPrefilter(src, width, height, channels, spec, k, prefiltered, &dw, &dh)
             : std::vector<float>();
  std::vector<int> all(spec.outChannels);
  for (int i = 0; i < spec.outChannels; ++i) all[i] = i;
  // Each output pixel depends on its coordinates alone, so bands give the same values in any
  // split; the fill is done per band too, so each thread also touches its own fresh pages.
  const int rows = spec.regionHeight;
  const std::size_t rowValues = static_cast<std::size_t>(spec.regionWidth) * spec.outChannels;
  const int bands = threadsForPixels(static_cast<double>(spec.regionWidth) * rows);
  parallelFor(bands, bands, [&](int b) {
    const int begin = rows * b / bands, end = rows * (b + 1) / bands;
    std::fill(out + begin * rowValues, out + end * rowValues, spec.fill);
    if (k >= 2) {
      resample(pre.data(), dw, dh, spec.outChannels, all.data(), prefiltered, spec, begin, end,
               out);
    } else {
      resample(src, width, height, channels, spec.channels, spec.toSource, spec, begin, end, out);
    }
  });
}

template void warpAffine(const std::uint8_t*, int, int, int, const WarpSpec&, float*);
template void warpAffine(const std::uint16_t*, int, int, int, const WarpSpec&, float*);
template void warpAffine(const float*, int, int, int, const WarpSpec&, float*);
template void warpAffine(const double*, int, int, int, const WarpSpec&, float*);

}  // namespace fd
