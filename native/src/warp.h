// Affine resampling of interleaved images for face alignment and paste-back: bicubic
// (Catmull-Rom) where the output is at least as dense as the source, bilinear supersampling
// where it shrinks, and a box prefilter first for large shrink factors. The exact arithmetic of
// the former JavaScript implementation (doubles, same operation order), so results are the same
// to the bit.
#pragma once

#include <cstdint>

namespace fd {

struct WarpSpec {
  double toSource[6];   // output (x, y) -> source (a x + b y + c, d x + e y + f)
  int width, height;    // the whole output
  const int* channels;  // source channels to sample, in output order
  int outChannels;
  bool fillOutside;     // outside the source: write `fill` (else replicate the edge)
  float fill;           // also where `only` <= 0
  const float* only;    // region-sized weight or nullptr
  int regionX, regionY, regionWidth, regionHeight;  // the part of the output computed
};

// `out` holds regionWidth * regionHeight * outChannels floats.
template <typename T>
void warpAffine(const T* src, int width, int height, int channels, const WarpSpec& spec,
                float* out);

}  // namespace fd
