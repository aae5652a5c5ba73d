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
// over the pixels where `weight` >= 0.5, not on the patch border.
double noiseSigma(const std::vector<float>& values, int width, int height, const float* warped) {
  double acc = 0;
  double count = 0;
  for (int y = 1; y < height - 1; ++y) {
    for (int x = 1; x < width - 1; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * width + x;
      if (warped[4 * i + 3] < 0.5f) continue;
      const std::size_t up = i - width, down = i + width;
      const double r = static_cast<double>(values[up - 1]) - 2.0 * values[up] + values[up + 1] +
                       -2.0 * values[i - 1] + 4.0 * values[i] - 2.0 * values[i + 1] +
                       values[down - 1] - 2.0 * values[down] + values[down + 1];
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
  const std::size_t n = static_cast<std::size_t>(p.width) * p.height;
  const std::size_t stride = static_cast<std::size_t>(photoWidth) * 4;
  const float* w = p.warped;
  // Row by row: region pixel i = y * width + x is photo pixel (p.x + x, p.y + y).
  auto forEachPixel = [&](auto&& visit) {
    std::size_t i = 0;
    for (int y = 0; y < p.height; ++y) {
      std::uint8_t* s = photo + (p.y + y) * stride + static_cast<std::size_t>(p.x) * 4;
      for (int x = 0; x < p.width; ++x, ++i, s += 4) visit(i, s);
    }
  };
  // The face's colour where the mask is > 0, else 0 (as the grain estimate reads it).
  std::vector<float> fixed(n * 3, 0.0f);
  for (std::size_t i = 0; i < n; ++i) {
    if (w[4 * i + 3] <= 0) continue;
    for (int c = 0; c < 3; ++c) fixed[3 * i + c] = w[4 * i + c];
  }
  if (p.grain) {
    std::vector<float> l(n);
    forEachPixel([&](std::size_t i, const std::uint8_t* s) {
      l[i] = static_cast<float>(luma(s[0], s[1], s[2]));
    });
    const double target = noiseSigma(l, p.width, p.height, w);
    for (std::size_t i = 0; i < n; ++i) {
      l[i] = static_cast<float>(luma(fixed[3 * i], fixed[3 * i + 1], fixed[3 * i + 2]));
    }
    const double have = noiseSigma(l, p.width, p.height, w);
    if (target > have) {
      const double amount = std::sqrt(target * target - have * have);
      Normals normal(p.seed);
      for (std::size_t i = 0; i < n; ++i) {
        if (w[4 * i + 3] <= 0) continue;
        const double g = amount * normal.next();
        for (int c = 0; c < 3; ++c) {
          fixed[3 * i + c] = static_cast<float>(static_cast<double>(fixed[3 * i + c]) + g);
        }
      }
    }
  }
  forEachPixel([&](std::size_t i, std::uint8_t* s) {
    const double a = w[4 * i + 3];
    if (a <= 0) return;
    double r = fixed[3 * i], g = fixed[3 * i + 1], b = fixed[3 * i + 2];
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
  });
}

}  // namespace fd
