#include "paste.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "parallel.h"

namespace fd {
namespace {

// Math.PI.
constexpr double kPi = 3.141592653589793;

// Rows per band: the unit of work split over threads. Fixed, so partial sums are combined in the
// same order, and the output is the same, on any machine.
constexpr int kBandRows = 32;

double luma(double r, double g, double b) { return 0.299 * r + 0.587 * g + 0.114 * b; }

// JavaScript's Math.round: halves up, exactly (x - floor(x) is exact for these magnitudes).
double roundHalfUp(double v) {
  const double f = std::floor(v);
  return v - f >= 0.5 ? f + 1 : f;
}

double clampByte(double v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

// Partial sums of the Immerkaer (1996) noise estimate: the |Laplacian-like| response of a
// luminance patch over the pixels where the mask weight is >= 0.5, not on the patch border.
struct NoiseSum {
  double acc = 0;
  double count = 0;
  void add(const NoiseSum& o) {
    acc += o.acc;
    count += o.count;
  }
  double sigma() const { return count == 0 ? 0 : (std::sqrt(kPi / 2) / 6) * (acc / count); }
};

// NoiseSum over the patch rows [begin, end). `lumaRow(y, row)` writes the patch's row y: three
// rows are kept, never the whole patch (a region-sized buffer is a fresh page fault per 4 KB
// on every paste, which cost more than the arithmetic).
template <typename LumaRow>
NoiseSum noiseSum(int width, int height, const float* warped, int begin, int end,
                  const LumaRow& lumaRow) {
  NoiseSum sum;
  begin = std::max(begin, 1);
  end = std::min(end, height - 1);
  if (width < 3 || begin >= end) return sum;
  std::vector<float> rows(3 * static_cast<std::size_t>(width));
  float* row[3] = {rows.data(), rows.data() + width, rows.data() + 2 * width};
  lumaRow(begin - 1, row[(begin - 1) % 3]);
  lumaRow(begin, row[begin % 3]);
  for (int y = begin; y < end; ++y) {
    lumaRow(y + 1, row[(y + 1) % 3]);
    const float* up = row[(y - 1) % 3];
    const float* mid = row[y % 3];
    const float* down = row[(y + 1) % 3];
    for (int x = 1; x < width - 1; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * width + x;
      if (warped[4 * i + 3] < 0.5f) continue;
      const double r = static_cast<double>(up[x - 1]) - 2.0 * up[x] + up[x + 1] +
                       -2.0 * mid[x - 1] + 4.0 * mid[x] - 2.0 * mid[x + 1] + down[x - 1] -
                       2.0 * down[x] + down[x + 1];
      sum.acc += std::fabs(r);
      ++sum.count;
    }
  }
  return sum;
}

// Normal deviates from mulberry32 (electron/core/random.ts) uniforms by Box-Muller, both of
// each pair used.
class Normals {
 public:
  explicit Normals(std::uint32_t seed) : a_(seed) {}
  // Moves past the first `count` deviates: mulberry32's state advances by a constant per
  // uniform, and each pair of deviates takes two uniforms.
  void skip(std::size_t count) {
    a_ += static_cast<std::uint32_t>(count / 2 * 2) * 0x6d2b79f5u;
    if (count % 2 == 1) next();
  }
  double next() {
    if (spare_) {
      spare_ = false;
      return sin_;
    }
    const double s = std::sqrt(-2 * std::log(1 - uniform()));
    const double t = 2 * kPi * uniform();
    sin_ = s * std::sin(t);
    spare_ = true;
    return s * std::cos(t);
  }

 private:
  double uniform() {
    a_ += 0x6d2b79f5u;
    std::uint32_t t = a_;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
  std::uint32_t a_;
  bool spare_ = false;
  double sin_ = 0;
};

}  // namespace

void pasteRegion(std::uint8_t* photo, int photoWidth, const PasteRegion& p) {
  const std::size_t stride = static_cast<std::size_t>(photoWidth) * 4;
  const float* w = p.warped;
  auto photoRow = [&](int y) {
    return photo + (p.y + y) * stride + static_cast<std::size_t>(p.x) * 4;
  };
  auto warpedRow = [&](int y) { return w + static_cast<std::size_t>(y) * p.width * 4; };
  const int bands = (p.height + kBandRows - 1) / kBandRows;
  const int threads = threadsForPixels(static_cast<double>(p.width) * p.height);

  // Per band: the noise sums of the photo and of the face (its colour where the mask is > 0,
  // else 0) for the grain, and how many pixels the face covers (a grain deviate each).
  std::vector<NoiseSum> target(bands), have(bands);
  std::vector<std::size_t> covered(bands);
  parallelFor(bands, threads, [&](int b) {
    const int begin = b * kBandRows, end = std::min(p.height, begin + kBandRows);
    for (int y = begin; y < end; ++y) {
      const float* f = warpedRow(y);
      for (int x = 0; x < p.width; ++x) covered[b] += f[4 * x + 3] > 0;
    }
    if (!p.grain) return;
    target[b] = noiseSum(p.width, p.height, w, begin, end, [&](int y, float* row) {
      const std::uint8_t* s = photoRow(y);
      for (int x = 0; x < p.width; ++x, s += 4) {
        row[x] = static_cast<float>(luma(s[0], s[1], s[2]));
      }
    });
    have[b] = noiseSum(p.width, p.height, w, begin, end, [&](int y, float* row) {
      const float* f = warpedRow(y);
      for (int x = 0; x < p.width; ++x, f += 4) {
        row[x] = f[3] > 0 ? static_cast<float>(luma(f[0], f[1], f[2])) : 0.0f;
      }
    });
  });
  // The grain the face lacks compared with the photo, added as seeded normals in pixel order.
  NoiseSum photoNoise, faceNoise;
  std::vector<std::size_t> deviatesBefore(bands);
  for (int b = 0; b < bands; ++b) {
    photoNoise.add(target[b]);
    faceNoise.add(have[b]);
    if (b > 0) deviatesBefore[b] = deviatesBefore[b - 1] + covered[b - 1];
  }
  const double t = photoNoise.sigma(), h = faceNoise.sigma();
  const double amount = p.grain && t > h ? std::sqrt(t * t - h * h) : 0;

  parallelFor(bands, threads, [&](int b) {
    Normals normal(p.seed);
    if (amount > 0) normal.skip(deviatesBefore[b]);
    const int begin = b * kBandRows, end = std::min(p.height, begin + kBandRows);
    for (int y = begin; y < end; ++y) {
      std::uint8_t* s = photoRow(y);
      const float* f = warpedRow(y);
      for (int x = 0; x < p.width; ++x, s += 4, f += 4) {
        const double a = f[3];
        if (a <= 0) continue;
        double r = f[0], g = f[1], bl = f[2];
        if (amount > 0) {
          // Stored as float, as the grain-added colour always was.
          const double n = amount * normal.next();
          r = static_cast<float>(r + n);
          g = static_cast<float>(g + n);
          bl = static_cast<float>(bl + n);
        }
        if (p.gray || p.lut) {
          // Keep the photo's tone: restored luminance, the photo's colour for that luminance.
          const int yv =
              static_cast<int>(std::fmin(255, std::fmax(0, roundHalfUp(luma(r, g, bl)))));
          if (p.lut) {
            r = p.lut[3 * yv];
            g = p.lut[3 * yv + 1];
            bl = p.lut[3 * yv + 2];
          } else {
            r = g = bl = yv;
          }
        }
        // Gray stays exactly gray: the same blend of equal channels.
        const double r0 = s[0], g0 = s[1], b0 = s[2];
        s[0] = static_cast<std::uint8_t>(clampByte(roundHalfUp(r0 + a * (r - r0))));
        s[1] = static_cast<std::uint8_t>(clampByte(roundHalfUp(g0 + a * (g - g0))));
        s[2] = static_cast<std::uint8_t>(clampByte(roundHalfUp(b0 + a * (bl - b0))));
      }
    }
  });
}

}  // namespace fd
