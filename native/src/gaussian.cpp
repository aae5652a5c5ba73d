#include "gaussian.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace fd {
namespace {

// Runs `filter` over every row, then every column. Each line is copied into a buffer padded by
// `pad` replicated edge samples on both sides, so the line filters index without clamping.
template <typename LineFilter>
void separable(float* values, int width, int height, int pad, const LineFilter& filter) {
  const int longest = std::max(width, height);
  std::vector<float> padded(static_cast<std::size_t>(longest) + 2 * pad);
  std::vector<float> out(static_cast<std::size_t>(longest));
  auto run = [&](std::size_t start, std::size_t step, int length) {
    const float first = values[start];
    const float last = values[start + (length - 1) * step];
    for (int k = 0; k < pad; ++k) {
      padded[k] = first;
      padded[pad + length + k] = last;
    }
    for (int i = 0; i < length; ++i) padded[pad + i] = values[start + i * step];
    filter(padded.data(), length, out.data());
    for (int i = 0; i < length; ++i) values[start + i * step] = out[i];
  };
  for (int y = 0; y < height; ++y) run(static_cast<std::size_t>(y) * width, 1, width);
  for (int x = 0; x < width; ++x) run(x, width, height);
}

}  // namespace

void gaussianBlur(float* values, int width, int height, double sigma) {
  if (!(sigma > 0)) return;
  if (sigma <= 4) {
    const int r = static_cast<int>(std::ceil(3 * sigma));
    std::vector<float> kernel(2 * r + 1);
    double sum = 0;
    for (int i = 0; i <= 2 * r; ++i) {
      kernel[i] = static_cast<float>(std::exp(-static_cast<double>((i - r) * (i - r)) /
                                              (2 * sigma * sigma)));
      sum += kernel[i];
    }
    separable(values, width, height, r, [&](const float* padded, int length, float* out) {
      for (int i = 0; i < length; ++i) {
        double acc = 0;
        for (int k = 0; k <= 2 * r; ++k) acc += static_cast<double>(kernel[k]) * padded[i + k];
        out[i] = static_cast<float>(acc / sum);
      }
    });
    return;
  }
  // Three boxes of width 2r+1 have variance 3 ((2r+1)^2 - 1) / 12 = sigma^2.
  const int r =
      std::max(1, static_cast<int>(std::floor((std::sqrt(4 * sigma * sigma + 1) - 1) / 2 + 0.5)));
  const double boxWidth = 2 * r + 1;
  // Sample j of the line is padded[j + r + 1]: the window sum may reach r + 1 past the end.
  const auto box = [&](const float* padded, int length, float* out) {
    double acc = 0;
    for (int k = -r; k <= r; ++k) acc += padded[k + r + 1];
    for (int i = 0; i < length; ++i) {
      out[i] = static_cast<float>(acc / boxWidth);
      acc += static_cast<double>(padded[i + 2 * r + 2]) - padded[i + 1];
    }
  };
  for (int pass = 0; pass < 3; ++pass) separable(values, width, height, r + 1, box);
}

}  // namespace fd
