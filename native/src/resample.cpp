#include "resample.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace fd {
namespace {

// The source samples each output sample averages along one axis: output k covers the source
// interval [k r, (k + 1) r), r = n / m; weights are the covered fractions divided by r.
struct Taps {
  std::vector<int> first, count;
  std::vector<float> weight;  // count[k] weights per output k, from offset[k]
  std::vector<std::size_t> offset;
};

Taps areaTaps(int n, int m) {
  Taps t;
  const double r = static_cast<double>(n) / m;
  for (int k = 0; k < m; ++k) {
    const double a = k * r, b = std::min<double>(n, (k + 1) * r);
    const int i0 = static_cast<int>(std::floor(a));
    const int i1 = std::min(n, static_cast<int>(std::ceil(b)));
    t.first.push_back(i0);
    t.count.push_back(i1 - i0);
    t.offset.push_back(t.weight.size());
    for (int i = i0; i < i1; ++i) {
      const double covered = std::min<double>(b, i + 1) - std::max<double>(a, i);
      t.weight.push_back(static_cast<float>(covered / r));
    }
  }
  return t;
}

}  // namespace

void shrinkArea(const std::uint8_t* src, int width, int height, int channels, std::uint8_t* dst,
                int dstWidth, int dstHeight) {
  const Taps across = areaTaps(width, dstWidth), down = areaTaps(height, dstHeight);
  const std::size_t rowLength = static_cast<std::size_t>(width) * channels;
  std::vector<float> acc(rowLength);
  for (int y = 0; y < dstHeight; ++y) {
    // Vertical first: the weighted sum of the covered source rows, one pass over each.
    std::fill(acc.begin(), acc.end(), 0.0f);
    for (int t = 0; t < down.count[y]; ++t) {
      const float w = down.weight[down.offset[y] + t];
      const std::uint8_t* row = src + static_cast<std::size_t>(down.first[y] + t) * rowLength;
      float* a = acc.data();
      for (std::size_t k = 0; k < rowLength; ++k) a[k] += w * static_cast<float>(row[k]);
    }
    std::uint8_t* out = dst + static_cast<std::size_t>(y) * dstWidth * channels;
    for (int x = 0; x < dstWidth; ++x) {
      const float* w = across.weight.data() + across.offset[x];
      const float* a = acc.data() + static_cast<std::size_t>(across.first[x]) * channels;
      for (int c = 0; c < channels; ++c) {
        float v = 0.0f;
        for (int t = 0; t < across.count[x]; ++t) v += w[t] * a[t * channels + c];
        // Weights sum to 1 up to rounding: clamp, then round to nearest.
        out[x * channels + c] =
            static_cast<std::uint8_t>(std::min(255.0f, std::max(0.0f, v)) + 0.5f);
      }
    }
  }
}

}  // namespace fd
