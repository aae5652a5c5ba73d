// Area-average image shrinking for face detection's downscaled levels. Inputs are assumed valid
// (the N-API layer validates).
#pragma once

#include <cstdint>

namespace fd {

// dst (dstWidth x dstHeight, same channel count) from src (width x height, 1..4 interleaved 8-bit
// channels), dstWidth <= width and dstHeight <= height: every output pixel is the mean of the
// source rectangle it covers, source pixels on its edges weighted by the fraction covered, the
// result rounded to the nearest integer.
void shrinkArea(const std::uint8_t* src, int width, int height, int channels, std::uint8_t* dst,
                int dstWidth, int dstHeight);

}  // namespace fd
