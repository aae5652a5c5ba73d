// In-place Gaussian blur of a single-channel float image with replicated edges, for paste-back's
// feathered face mask and its colour matching (electron/core/faces/mask.ts). Small sigmas (<= 4)
// use the sampled kernel; larger ones three running-sum box passes of the same variance, which
// cost the same for any sigma. Sums in double, every pass stored as float.
#pragma once

namespace fd {

void gaussianBlur(float* values, int width, int height, double sigma);

}  // namespace fd
