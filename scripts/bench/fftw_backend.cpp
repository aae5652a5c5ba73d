// Benchmark only, never shipped: the RealFft2D interface (native/src/fft2d.h) on FFTW's
// single-precision r2c/c2r transforms, so the deconvolution code in native/src/deconv.cpp can be
// timed on FFTW with nothing else changed. Plans use FFTW_MEASURE and are cached per size, like
// the project's own plan cache.
#include <fftw3.h>

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "fft2d.h"

namespace fd {
namespace {

class FftwRealFft2D final : public RealFft2D {
 public:
  FftwRealFft2D(int height, int width) : RealFft2D(height, width) {
    float* real = fftwf_alloc_real(static_cast<std::size_t>(height) * width);
    fftwf_complex* spec = fftwf_alloc_complex(spectrumSize());
    forward_ = fftwf_plan_dft_r2c_2d(height, width, real, spec, FFTW_MEASURE);
    inverse_ = fftwf_plan_dft_c2r_2d(height, width, spec, real, FFTW_MEASURE);
    fftwf_free(real);
    fftwf_free(spec);
  }
  ~FftwRealFft2D() override {
    fftwf_destroy_plan(forward_);
    fftwf_destroy_plan(inverse_);
  }
  void forward(const float* real, cfloat* spectrum) const override {
    fftwf_execute_dft_r2c(forward_, const_cast<float*>(real),
                          reinterpret_cast<fftwf_complex*>(spectrum));
  }
  void inverse(cfloat* spectrum, float* real) const override {
    fftwf_execute_dft_c2r(inverse_, reinterpret_cast<fftwf_complex*>(spectrum), real);
  }

 private:
  fftwf_plan forward_, inverse_;
};

}  // namespace

std::shared_ptr<const RealFft2D> realFft2D(int height, int width) {
  static std::mutex mutex;
  static std::map<std::pair<int, int>, std::shared_ptr<const RealFft2D>> cache;
  std::lock_guard<std::mutex> lock(mutex);  // FFTW's planner is not thread-safe
  auto& plan = cache[{height, width}];
  if (!plan) plan = std::make_shared<const FftwRealFft2D>(height, width);
  return plan;
}

}  // namespace fd
