#include "paste.h"

#include <cmath>
#include <cstddef>
#include <vector>

namespace fd {
namespace {

// Math.PI.
constexpr double kPi = 3.141592653589793;

double luma(double r, double g, double b) { return 0.299 * r + 0.587 * g + 0.114 * b; }

// JavaScript's Math.round: halves up, exactly (x - floor(x) is exact for these magnitudes).
double roundHalfUp(double v) {
  const double f = std::floor(v);
  return v - f >= 0.5 ? f + 1 : f;
}

double clampByte(double v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

// Noise sigma of a luminance patch from the mean |Laplacian-like| response (Immerkaer 1996),
// over the pixels where `weight` >= 0.5, not on the patch border. `lumaRow(y, row)` writes the
// patch's row y: three rows are kept, never the whole patch (a region-sized buffer is a fresh
// page fault per 4 KB on every paste, which cost more than the arithmetic).
template <typename LumaRow>
double noiseSigma(int width, int height, const float* warped, const LumaRow& lumaRow) {
  if (height < 3 || width < 3) return 0;
  std::vector<float> rows(3 * static_cast<std::size_t>(width));
  float* row[3] = {rows.data(), rows.data() + width, rows.data() + 2 * width};
  lumaRow(0, row[0]);
  lumaRow(1, row[1]);
  double acc = 0;
  double count = 0;
  for (int y = 1; y < height - 1; ++y) {
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
      acc += std::fabs(r);
      ++count;
    }
  }
  return count == 0 ? 0 : (std::sqrt(kPi / 2) / 6) * (acc / count);
}

// mulberry32 (electron/core/random.ts) and Box-Muller normals from it.
class Normals {
 public:
  explicit Normals(std::uint32_t seed) : a_(seed) {}
  double next() {
    const double u1 = uniform();
    const double s = std::sqrt(-2 * std::log(1 - u1));
    return s * std::cos(2 * kPi * uniform());
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
};

}  // namespace

void pasteRegion(std::uint8_t* photo, int photoWidth, const PasteRegion& p) {
  const std::size_t stride = static_cast<std::size_t>(photoWidth) * 4;
  const float* w = p.warped;
  auto photoRow = [&](int y) { return photo + (p.y + y) * stride + static_cast<std::size_t>(p.x) * 4; };
  // Grain: the photo's noise under the mask minus the face's (its colour where the mask is > 0,
  // else 0), added as seeded normals in pixel order.
  double amount = 0;
  if (p.grain) {
    const double target = noiseSigma(p.width, p.height, w, [&](int y, float* row) {
      const std::uint8_t* s = photoRow(y);
      for (int x = 0; x < p.width; ++x, s += 4) {
        row[x] = static_cast<float>(luma(s[0], s[1], s[2]));
      }
    });
    const double have = noiseSigma(p.width, p.height, w, [&](int y, float* row) {
      const float* f = w + static_cast<std::size_t>(y) * p.width * 4;
      for (int x = 0; x < p.width; ++x, f += 4) {
        row[x] = f[3] > 0 ? static_cast<float>(luma(f[0], f[1], f[2])) : 0.0f;
      }
    });
    if (target > have) amount = std::sqrt(target * target - have * have);
  }
  Normals normal(p.seed);
  for (int y = 0; y < p.height; ++y) {
    std::uint8_t* s = photoRow(y);
    const float* f = w + static_cast<std::size_t>(y) * p.width * 4;
    for (int x = 0; x < p.width; ++x, s += 4, f += 4) {
      const double a = f[3];
      if (a <= 0) continue;
      double r = f[0], g = f[1], b = f[2];
      if (amount > 0) {
        // Stored as float, as the grain-added colour always was.
        const double n = amount * normal.next();
        r = static_cast<float>(r + n);
        g = static_cast<float>(g + n);
        b = static_cast<float>(b + n);
      }
      if (p.gray || p.lut) {
        // Keep the photo's tone: restored luminance, the photo's colour for that luminance.
        const int yv = static_cast<int>(std::fmin(255, std::fmax(0, roundHalfUp(luma(r, g, b)))));
        if (p.lut) {
          r = p.lut[3 * yv];
          g = p.lut[3 * yv + 1];
          b = p.lut[3 * yv + 2];
        } else {
          r = g = b = yv;
        }
      }
      // Gray stays exactly gray: the same blend of equal channels.
      const double r0 = s[0], g0 = s[1], b0 = s[2];
      s[0] = static_cast<std::uint8_t>(clampByte(roundHalfUp(r0 + a * (r - r0))));
      s[1] = static_cast<std::uint8_t>(clampByte(roundHalfUp(g0 + a * (g - g0))));
      s[2] = static_cast<std::uint8_t>(clampByte(roundHalfUp(b0 + a * (b - b0))));
    }
  }
}

}  // namespace fd
