// The project's own FFT: batched complex transforms of any length (Stockham autosort, radix
// 4/8/2/3/5 passes, Bluestein's chirp-z for lengths with larger prime factors) and the real 2D
// transform built on them.
//
// Why batched: a transform of length n is always applied to kLanes sequences at once, stored
// as [n][kLanes] split re/im arrays. Every butterfly then runs over a contiguous run of
// kLanes * stride floats, which the compiler vectorises without shuffles, and a block of 16
// image rows or columns stays in L1/L2 while all passes run over it.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "fft2d.h"

namespace fd {

constexpr int kLanes = 16;

class BatchedFft {
 public:
  explicit BatchedFft(int n);
  int length() const { return n_; }
  // Floats of scratch that forward()/inverse() need.
  std::size_t workFloats() const;
  // In-place forward DFT (exp(-2 pi i jk/n), unscaled) of kLanes sequences, [n][kLanes] layout.
  void forward(float* re, float* im, float* work) const;
  // Unscaled inverse DFT: the forward transform with re and im swapped.
  void inverse(float* re, float* im, float* work) const { forward(im, re, work); }

 private:
  struct Stage {
    int radix;
    int m;       // butterflies per sequence (current length / radix)
    int stride;  // distance between sequences, in elements of kLanes floats
    std::size_t twiddle;  // offset into twiddleRe_/twiddleIm_: m x (radix - 1) values
  };
  void runStages(float* re, float* im, float* work) const;
  void bluestein(float* re, float* im, float* work) const;

  int n_;
  std::vector<Stage> stages_;
  AlignedVector<float> twiddleRe_, twiddleIm_;
  // Bluestein: chirp w_k = exp(-i pi k^2 / n), the transformed conjugate chirp (scaled 1/M), and
  // the fast-size transform of length M it runs on.
  std::unique_ptr<BatchedFft> sub_;
  AlignedVector<float> chirpRe_, chirpIm_, filterRe_, filterIm_;
};

class OwnRealFft2D final : public RealFft2D {
 public:
  OwnRealFft2D(int height, int width);
  void forward(const float* real, cfloat* spectrum) const override;
  void inverse(cfloat* spectrum, float* real) const override;

 private:
  void columns(cfloat* spectrum, bool inverse, float* scratch) const;
  BatchedFft rows_, cols_;
  AlignedVector<float> zeros_;  // a zero row (real or half-spectrum) for blocks past the image
  std::size_t scratchFloats_;
};

}  // namespace fd
