// Kernel estimation (eq. 9), kernel confidence, Wiener deconvolution with boundary handling
// (eq. 11) and the forward blur, exactly as specified in native/README.md. Inputs are assumed
// valid (the N-API layer validates). Working arrays come from per-thread pools and plans are
// immutable, so any number of calls may run in parallel; grids over 1 Mpx process their colour
// channels on parallel threads.
#pragma once

#include <vector>

namespace fd {

constexpr int kMinEstimatedKernel = 11;
constexpr int kMaxEstimatedKernel = 75;

struct KernelEstimate {
  std::vector<float> kernel;  // size x size, sums to 1
  int size;
  double confidence;  // [0, 1]
};

// kernelSize: odd 11..75 and <= min(width, height), or 0 for automatic.
KernelEstimate estimateKernel(const float* blurry, const float* sketch, int width, int height,
                              int kernelSize, double beta, double threshold);

double kernelConfidence(const float* blurry, const float* sketch, int width, int height,
                        const float* kernel, int kernelSize);

enum class WienerBoundary { Taper, None };
enum class BlurBoundary { Symmetric, Circular };

// image/out: interleaved width x height x channels (1, 3 or 4; channel 3 of RGBA is copied).
void wienerDeconvolve(const float* image, int width, int height, int channels,
                      const float* kernel, int kernelSize, double gamma, WienerBoundary boundary,
                      float* out);

void blur(const float* image, int width, int height, int channels, const float* kernel,
          int kernelSize, BlurBoundary boundary, float* out);

}  // namespace fd
