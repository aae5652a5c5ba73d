#include "deconv.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "fft2d.h"
#include "parallel.h"

namespace fd {
namespace {

using Plan = std::shared_ptr<const RealFft2D>;

// Working arrays come from a per-thread pool: a batch of faces (and the benchmark) reuses memory
// instead of faulting fresh pages in on every call, which cost a third of a face's time.
// Contents are NOT initialised. At most kPoolBytes per thread and type are kept; whole-photo
// grids beyond that are freed as usual.
constexpr std::size_t kPoolBytes = std::size_t{64} << 20;

template <typename T>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(std::size_t n) { reset(n); }
  Buffer(Buffer&& other) noexcept : store_(std::move(other.store_)), size_(other.size_) {
    other.size_ = 0;
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer& operator=(Buffer&&) = delete;
  ~Buffer() { release(); }

  void reset(std::size_t n) {
    release();
    if (n == 0) return;
    auto& pool = freeList();
    auto best = pool.end();
    for (auto it = pool.begin(); it != pool.end(); ++it) {
      if (it->size() >= n && (best == pool.end() || it->size() < best->size())) best = it;
    }
    if (best != pool.end()) {
      store_ = std::move(*best);
      pool.erase(best);
      pooledBytes() -= store_.size() * sizeof(T);
    } else {
      store_ = AlignedVector<T>(n);
    }
    size_ = n;
  }
  std::size_t size() const { return size_; }
  T* data() { return store_.data(); }
  const T* data() const { return store_.data(); }
  T& operator[](std::size_t k) { return store_[k]; }
  const T& operator[](std::size_t k) const { return store_[k]; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }

 private:
  static std::vector<AlignedVector<T>>& freeList() {
    thread_local std::vector<AlignedVector<T>> pool;
    return pool;
  }
  static std::size_t& pooledBytes() {
    thread_local std::size_t bytes = 0;
    return bytes;
  }
  void release() {
    const std::size_t bytes = store_.size() * sizeof(T);
    if (bytes > 0 && pooledBytes() + bytes <= kPoolBytes) {
      freeList().push_back(std::move(store_));
      pooledBytes() += bytes;
    }
    store_ = AlignedVector<T>();
    size_ = 0;
  }

  AlignedVector<T> store_;
  std::size_t size_ = 0;
};

using Real = Buffer<float>;
using Spectrum = Buffer<cfloat>;

constexpr double kAutoSizeMass = 0.98;
constexpr int kTaperRounds = 3;

std::size_t at(int i, int j, int stride) {
  return static_cast<std::size_t>(i) * static_cast<std::size_t>(stride) +
         static_cast<std::size_t>(j);
}

int wrap(int i, int n) { return ((i % n) + n) % n; }

// numpy.pad(mode="symmetric") index for any distance outside [0, n).
int reflect(int i, int n) {
  const int m = wrap(i, 2 * n);
  return m < n ? m : 2 * n - 1 - m;
}

// Forward differences of x (h x w) into zeroed ph x pw arrays, top-left aligned, 0 at the last
// column (dh) and last row (dv).
void paddedGradients(const float* x, int w, int h, int pw, int ph, float* dh, float* dv) {
  std::fill(dh, dh + at(ph, 0, pw), 0.0f);
  std::fill(dv, dv + at(ph, 0, pw), 0.0f);
  for (int i = 0; i < h; ++i) {
    const float* row = x + at(i, 0, w);
    const float* below = i + 1 < h ? x + at(i + 1, 0, w) : nullptr;
    for (int j = 0; j + 1 < w; ++j) dh[at(i, j, pw)] = row[j + 1] - row[j];
    if (below) {
      for (int j = 0; j < w; ++j) dv[at(i, j, pw)] = below[j] - row[j];
    }
  }
}

// The kernel's transfer function on a ph x pw grid (centre at the origin), times `scale`.
Spectrum kernelOtf(const Plan& plan, const float* kernel, int size, double scale) {
  const int ph = plan->height(), pw = plan->width(), r = (size - 1) / 2;
  Real placed(at(ph, 0, pw));
  std::fill(placed.begin(), placed.end(), 0.0f);
  for (int a = 0; a < size; ++a) {
    for (int b = 0; b < size; ++b) {
      placed[at(wrap(a - r, ph), wrap(b - r, pw), pw)] += kernel[at(a, b, size)];
    }
  }
  Spectrum otf(plan->spectrumSize());
  plan->forward(placed.data(), otf.data());
  const float s = static_cast<float>(scale);
  for (cfloat& v : otf) v *= s;
  return otf;
}

// Channel `c` of an interleaved image, symmetrically padded into a ph x pw grid with the image
// at (top, left).
void padChannel(const float* image, int w, int h, int channels, int c, int top, int left,
                int pw, int ph, float* out) {
  std::vector<int> cols(pw);
  for (int j = 0; j < pw; ++j) cols[j] = reflect(j - left, w);
  for (int i = 0; i < ph; ++i) {
    const float* src = image + at(reflect(i - top, h), 0, w) * channels + c;
    float* dst = out + at(i, 0, pw);
    for (int j = 0; j < pw; ++j) dst[j] = src[static_cast<std::size_t>(cols[j]) * channels];
  }
}

void cropChannel(const float* grid, int pw, int top, int left, int w, int h, int channels, int c,
                 float* out) {
  for (int i = 0; i < h; ++i) {
    const float* src = grid + at(i + top, left, pw);
    float* dst = out + at(i, 0, w) * channels + c;
    for (int j = 0; j < w; ++j) dst[static_cast<std::size_t>(j) * channels] = src[j];
  }
}

// alpha(i) = 1 - A[min(i, n - i)] / A[0], A the autocorrelation of the kernel's projection q.
std::vector<float> taperAlpha(const std::vector<double>& q, int n) {
  const int s = static_cast<int>(q.size());
  std::vector<double> a(s, 0.0);
  for (int lag = 0; lag < s; ++lag) {
    for (int k = 0; k + lag < s; ++k) a[lag] += q[k] * q[k + lag];
  }
  std::vector<float> alpha(n, 1.0f);
  if (a[0] <= 0) return alpha;
  for (int i = 0; i < n; ++i) {
    const int lag = std::min(i, n - i);
    if (lag < s) alpha[i] = static_cast<float>(1.0 - a[lag] / a[0]);
  }
  return alpha;
}

// Whole-photo grids (millions of pixels) are worth a thread per colour channel; face crops are
// not (thread start-up would cost more than it saves).
constexpr std::size_t kParallelGridSize = std::size_t{1} << 20;

// Runs fn(c) for the colour channels (alpha excluded), in parallel for large grids. Each
// thread has its own FFT scratch (thread_local) and buffers; the first error is rethrown.
template <typename F>
void forEachColourChannel(int channels, std::size_t gridSize, const F& fn) {
  const int colour = channels == 4 ? 3 : channels;
  parallelFor(colour, gridSize < kParallelGridSize ? 1 : threadsFor(colour, 1, colour), fn);
}

void copyAlpha(const float* image, int width, int height, int channels, float* out) {
  if (channels != 4) return;
  const std::size_t pixels = at(height, 0, width);
  for (std::size_t p = 0; p < pixels; ++p) out[p * 4 + 3] = image[p * 4 + 3];
}

void multiply(cfloat* spectrum, const cfloat* filter, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) spectrum[k] *= filter[k];
}

// Confidence from the sketch-gradient spectra (unscaled) on the grid of `plan`.
double confidenceOnGrid(const Plan& plan, const Spectrum& sh, const Spectrum& sv,
                        const float* blurry, int w, int h, const float* kernel, int size) {
  const int ph = plan->height(), pw = plan->width(), r = (size - 1) / 2;
  const Spectrum otf = kernelOtf(plan, kernel, size, 1.0 / (static_cast<double>(ph) * pw));
  int i0 = r, i1 = h - 1 - r, j0 = r, j1 = w - 1 - r;
  if (i1 <= i0) { i0 = 0; i1 = h; }
  if (j1 <= j0) { j0 = 0; j1 = w; }
  Spectrum product(plan->spectrumSize());
  Real predicted(at(ph, 0, pw));
  double residual = 0, energy = 0;
  for (int g = 0; g < 2; ++g) {
    const Spectrum& s = g == 0 ? sh : sv;
    for (std::size_t k = 0; k < product.size(); ++k) product[k] = s[k] * otf[k];
    plan->inverse(product.data(), predicted.data());
    for (int i = i0; i < i1; ++i) {
      for (int j = j0; j < j1; ++j) {
        double gy = 0;
        if (g == 0) {
          gy = j + 1 < w ? blurry[at(i, j + 1, w)] - blurry[at(i, j, w)] : 0.0;
        } else {
          gy = i + 1 < h ? blurry[at(i + 1, j, w)] - blurry[at(i, j, w)] : 0.0;
        }
        const double d = predicted[at(i, j, pw)] - gy;
        residual += d * d;
        energy += gy * gy;
      }
    }
  }
  if (energy <= 0) return 0.0;
  return std::clamp(1.0 - residual / energy, 0.0, 1.0);
}

// Sketch-gradient spectra on the estimation grid.
void sketchSpectra(const Plan& plan, const float* sketch, int w, int h, Spectrum& sh,
                   Spectrum& sv) {
  const int ph = plan->height(), pw = plan->width();
  Real dh(at(ph, 0, pw)), dv(at(ph, 0, pw));
  paddedGradients(sketch, w, h, pw, ph, dh.data(), dv.data());
  sh.reset(plan->spectrumSize());
  sv.reset(plan->spectrumSize());
  plan->forward(dh.data(), sh.data());
  plan->forward(dv.data(), sv.data());
}

}  // namespace

KernelEstimate estimateKernel(const float* blurry, const float* sketch, int width, int height,
                              int kernelSize, double beta, double threshold) {
  const bool automatic = kernelSize == 0;
  int work = kernelSize;
  if (automatic) {
    const int smaller = std::min(width, height);
    work = std::min(kMaxEstimatedKernel, smaller % 2 == 1 ? smaller : smaller - 1);
  }
  const int ph = fastSize(height + work - 1), pw = fastSize(width + work - 1);
  const Plan plan = realFft2D(ph, pw);
  const std::size_t nspec = plan->spectrumSize();

  Spectrum sh, sv;
  sketchSpectra(plan, sketch, width, height, sh, sv);
  Spectrum yh(nspec), yv(nspec);
  {
    Real dh(at(ph, 0, pw)), dv(at(ph, 0, pw));
    paddedGradients(blurry, width, height, pw, ph, dh.data(), dv.data());
    plan->forward(dh.data(), yh.data());
    plan->forward(dv.data(), yv.data());
  }
  // K = (conj(Sh) Yh + conj(Sv) Yv) / (|Sh|^2 + |Sv|^2 + beta), the 1/(ph pw) of the inverse
  // folded in; yh is reused for K.
  const double scale = 1.0 / (static_cast<double>(ph) * pw);
  for (std::size_t k = 0; k < nspec; ++k) {
    const cfloat num = std::conj(sh[k]) * yh[k] + std::conj(sv[k]) * yv[k];
    const double den = static_cast<double>(std::norm(sh[k])) + std::norm(sv[k]) + beta;
    yh[k] = den > 0 ? num * static_cast<float>(scale / den) : cfloat(0.0f, 0.0f);
  }
  Real full(at(ph, 0, pw));
  plan->inverse(yh.data(), full.data());

  // Centre, crop to the working support, cut negatives and values under the threshold.
  const int rw = (work - 1) / 2;
  std::vector<float> k(static_cast<std::size_t>(work) * work);
  float peak = 0;
  for (int a = 0; a < work; ++a) {
    for (int b = 0; b < work; ++b) {
      const float v = std::max(0.0f, full[at(wrap(a - rw, ph), wrap(b - rw, pw), pw)]);
      k[at(a, b, work)] = v;
      peak = std::max(peak, v);
    }
  }
  const float cut = static_cast<float>(threshold) * peak;
  double total = 0;
  for (float& v : k) {
    if (v < cut) v = 0;
    total += v;
  }

  int size = work;
  if (automatic) {
    size = kMinEstimatedKernel;
    if (total > 0) {
      for (size = kMinEstimatedKernel; size < work; size += 2) {
        const int off = (work - size) / 2;
        double inside = 0;
        for (int a = off; a < off + size; ++a) {
          for (int b = off; b < off + size; ++b) inside += k[at(a, b, work)];
        }
        if (inside >= kAutoSizeMass * total) break;
      }
    }
  }
  KernelEstimate result;
  result.size = size;
  result.kernel.assign(static_cast<std::size_t>(size) * size, 0.0f);
  const int off = (work - size) / 2;
  double kept = 0;
  for (int a = 0; a < size; ++a) {
    for (int b = 0; b < size; ++b) {
      result.kernel[at(a, b, size)] = k[at(a + off, b + off, work)];
      kept += k[at(a + off, b + off, work)];
    }
  }
  if (kept <= 0) {
    result.kernel[at(size / 2, size / 2, size)] = 1.0f;
    result.confidence = 0.0;
    return result;
  }
  for (float& v : result.kernel) v = static_cast<float>(v / kept);
  result.confidence = confidenceOnGrid(plan, sh, sv, blurry, width, height,
                                       result.kernel.data(), size);
  return result;
}

double kernelConfidence(const float* blurry, const float* sketch, int width, int height,
                        const float* kernel, int kernelSize) {
  const Plan plan =
      realFft2D(fastSize(height + kernelSize - 1), fastSize(width + kernelSize - 1));
  Spectrum sh, sv;
  sketchSpectra(plan, sketch, width, height, sh, sv);
  return confidenceOnGrid(plan, sh, sv, blurry, width, height, kernel, kernelSize);
}

void wienerDeconvolve(const float* image, int width, int height, int channels,
                      const float* kernel, int kernelSize, double gamma, WienerBoundary boundary,
                      float* out) {
  const bool taper = boundary == WienerBoundary::Taper;
  const int margin = taper ? kernelSize : 0;
  const int ph = taper ? fastSize(height + 2 * kernelSize) : height;
  const int pw = taper ? fastSize(width + 2 * kernelSize) : width;
  const Plan plan = realFft2D(ph, pw);
  const std::size_t nspec = plan->spectrumSize();
  const double scale = 1.0 / (static_cast<double>(ph) * pw);

  // Both filters carry the inverse transform's 1/(ph pw); the OTF itself is freed right away
  // (whole-photo grids are large).
  Spectrum blurFilter(taper ? nspec : 0), wiener(nspec);
  {
    const Spectrum otf = kernelOtf(plan, kernel, kernelSize, 1.0);
    for (std::size_t k = 0; k < nspec; ++k) {
      const double den = static_cast<double>(std::norm(otf[k])) + gamma;
      wiener[k] = den > 0 ? std::conj(otf[k]) * static_cast<float>(scale / den) : cfloat(0, 0);
      if (taper) blurFilter[k] = otf[k] * static_cast<float>(scale);
    }
  }
  std::vector<float> alphaV, alphaH;
  if (taper) {
    std::vector<double> qv(kernelSize, 0.0), qh(kernelSize, 0.0);
    for (int a = 0; a < kernelSize; ++a) {
      for (int b = 0; b < kernelSize; ++b) {
        qv[a] += kernel[at(a, b, kernelSize)];
        qh[b] += kernel[at(a, b, kernelSize)];
      }
    }
    alphaV = taperAlpha(qv, ph);
    alphaH = taperAlpha(qh, pw);
  }

  forEachColourChannel(channels, at(ph, 0, pw), [&](int c) {
    Real grid(at(ph, 0, pw)), blurred(taper ? at(ph, 0, pw) : 0);
    Spectrum spectrum(nspec);
    padChannel(image, width, height, channels, c, margin, margin, pw, ph, grid.data());
    for (int round = 0; taper && round < kTaperRounds; ++round) {
      plan->forward(grid.data(), spectrum.data());
      multiply(spectrum.data(), blurFilter.data(), nspec);
      plan->inverse(spectrum.data(), blurred.data());
      // p <- w p + (1 - w) blur(p); w is 1 away from the seam, so only the border changes.
      for (int i = 0; i < ph; ++i) {
        float* p = grid.data() + at(i, 0, pw);
        const float* q = blurred.data() + at(i, 0, pw);
        const float av = alphaV[i];
        for (int j = 0; j < pw; ++j) {
          const float wgt = av * alphaH[j];
          p[j] = q[j] + wgt * (p[j] - q[j]);
        }
      }
    }
    plan->forward(grid.data(), spectrum.data());
    multiply(spectrum.data(), wiener.data(), nspec);
    plan->inverse(spectrum.data(), grid.data());
    cropChannel(grid.data(), pw, margin, margin, width, height, channels, c, out);
  });
  copyAlpha(image, width, height, channels, out);
}

void blur(const float* image, int width, int height, int channels, const float* kernel,
          int kernelSize, BlurBoundary boundary, float* out) {
  const bool symmetric = boundary == BlurBoundary::Symmetric;
  const int r = (kernelSize - 1) / 2;
  const int margin = symmetric ? r : 0;
  const int ph = symmetric ? fastSize(height + 2 * r) : height;
  const int pw = symmetric ? fastSize(width + 2 * r) : width;
  const Plan plan = realFft2D(ph, pw);
  const Spectrum otf =
      kernelOtf(plan, kernel, kernelSize, 1.0 / (static_cast<double>(ph) * pw));
  forEachColourChannel(channels, at(ph, 0, pw), [&](int c) {
    Real grid(at(ph, 0, pw));
    Spectrum spectrum(plan->spectrumSize());
    padChannel(image, width, height, channels, c, margin, margin, pw, ph, grid.data());
    plan->forward(grid.data(), spectrum.data());
    multiply(spectrum.data(), otf.data(), spectrum.size());
    plan->inverse(spectrum.data(), grid.data());
    cropChannel(grid.data(), pw, margin, margin, width, height, channels, c, out);
  });
  copyAlpha(image, width, height, channels, out);
}

}  // namespace fd
