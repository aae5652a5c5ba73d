// The one interface the deconvolution code uses for Fourier transforms: a real 2D FFT with the
// half spectrum (height x (width/2 + 1) complex, interleaved, row-major: numpy's rfft2 layout),
// unnormalised in both directions. The addon links the project's own FFT (fft.cpp); the
// benchmark links an FFTW implementation of the same interface (scripts/bench/), so "the same
// math on FFTW" is literally the same deconvolution code.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdlib>
#if defined(_MSC_VER)
#include <malloc.h>
#endif
#include <memory>
#include <new>
#include <vector>

namespace fd {

using cfloat = std::complex<float>;

// 64-byte aligned storage: SIMD loads in both FFT backends, and FFTW's new-array execute
// functions require the alignment of the arrays they were planned with.
template <typename T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(std::size_t n) {
    if (n > (static_cast<std::size_t>(-1) - 64) / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = ((n * sizeof(T) + 63) / 64) * 64;
#if defined(_MSC_VER)
    void* p = _aligned_malloc(bytes == 0 ? 64 : bytes, 64);  // MSVC has no std::aligned_alloc
#else
    void* p = std::aligned_alloc(64, bytes == 0 ? 64 : bytes);
#endif
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) {
#if defined(_MSC_VER)
    _aligned_free(p);
#else
    std::free(p);
#endif
  }
  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const AlignedAllocator<U>&) const { return false; }
};

template <typename T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

class RealFft2D {
 public:
  RealFft2D(int height, int width) : height_(height), width_(width) {}
  virtual ~RealFft2D() = default;
  int height() const { return height_; }
  int width() const { return width_; }
  int spectrumWidth() const { return width_ / 2 + 1; }
  std::size_t spectrumSize() const {
    return static_cast<std::size_t>(height_) * static_cast<std::size_t>(spectrumWidth());
  }
  // real[height * width] -> spectrum[height * spectrumWidth()]
  virtual void forward(const float* real, cfloat* spectrum) const = 0;
  // spectrum -> real (unscaled: H*W times the inverse DFT). The spectrum is overwritten.
  // Imaginary parts that a real signal cannot have (DC and Nyquist columns) are ignored.
  virtual void inverse(cfloat* spectrum, float* real) const = 0;

 private:
  int height_, width_;
};

// The smallest integer >= n whose only prime factors are 2, 3 and 5 (README "fast size").
int fastSize(int n);

// A cached, thread-safe transform for this size (defined by the linked FFT backend).
std::shared_ptr<const RealFft2D> realFft2D(int height, int width);

}  // namespace fd
