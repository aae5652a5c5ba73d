#include "fft.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

// Data movement between image rows and the lane layout uses SSE shuffles where available (all
// x86-64); FD_NO_SSE_TRANSPOSE forces the portable loops (what ARM builds run) for testing.
#if (defined(__SSE2__) || defined(_M_X64)) && !defined(FD_NO_SSE_TRANSPOSE)
#define FD_SSE_TRANSPOSE 1
#include <xmmintrin.h>
#endif

// On x86-64 Linux the hot loops are compiled twice (AVX2+FMA and baseline SSE2) and picked at
// load time by the CPU, so one portable binary still uses the wide vectors where they exist.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define FD_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define FD_MULTIVERSION
#endif
#if defined(__GNUC__)
#define FD_INLINE inline __attribute__((always_inline))
#else
#define FD_INLINE inline
#endif
// The butterfly loops read P inputs and write P outputs in distinct buffers: tell the compiler
// they never alias, or it gives up vectorising the wider radices.
#if defined(__clang__)
#define FD_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define FD_IVDEP _Pragma("GCC ivdep")
#elif defined(_MSC_VER)
#define FD_IVDEP __pragma(loop(ivdep))
#else
#define FD_IVDEP
#endif

namespace fd {
namespace {

constexpr double kPi = 3.14159265358979323846;

// One Stockham decimation-in-frequency pass of radix P: for each butterfly j, the P inputs
// sit m * sl floats apart, the P outputs sl floats apart, and the P-1 twiddles w^(j t) are
// applied to the outputs. sl = stride * kLanes floats are contiguous per element. Each radix
// only says how its P inputs combine into the P (untwiddled) outputs, Dft<P>::run on values
// the compiler keeps in registers; loads, twiddles and stores are shared by butterfly<P>.
template <int P>
struct Dft;

template <>
struct Dft<2> {
  static FD_INLINE void run(const float* ar, const float* ai, float* cr, float* ci) {
    cr[0] = ar[0] + ar[1];
    ci[0] = ai[0] + ai[1];
    cr[1] = ar[0] - ar[1];
    ci[1] = ai[0] - ai[1];
  }
};

template <>
struct Dft<3> {
  static FD_INLINE void run(const float* ar, const float* ai, float* cr, float* ci) {
    constexpr float kS = 0.866025403784438646763723f;  // sin(2 pi / 3)
    float tr = ar[1] + ar[2], ti = ai[1] + ai[2];
    float dr = ar[1] - ar[2], di = ai[1] - ai[2];
    cr[0] = ar[0] + tr;
    ci[0] = ai[0] + ti;
    float mr = ar[0] - 0.5f * tr, mi = ai[0] - 0.5f * ti;
    // c1 = m - i S d, c2 = m + i S d
    cr[1] = mr + kS * di, ci[1] = mi - kS * dr;
    cr[2] = mr - kS * di, ci[2] = mi + kS * dr;
  }
};

template <>
struct Dft<4> {
  static FD_INLINE void run(const float* ar, const float* ai, float* cr, float* ci) {
    float t0r = ar[0] + ar[2], t0i = ai[0] + ai[2], t1r = ar[0] - ar[2], t1i = ai[0] - ai[2];
    float t2r = ar[1] + ar[3], t2i = ai[1] + ai[3], t3r = ar[1] - ar[3], t3i = ai[1] - ai[3];
    cr[0] = t0r + t2r;
    ci[0] = t0i + t2i;
    // c1 = t1 - i t3, c2 = t0 - t2, c3 = t1 + i t3
    cr[1] = t1r + t3i, ci[1] = t1i - t3r;
    cr[2] = t0r - t2r, ci[2] = t0i - t2i;
    cr[3] = t1r - t3i, ci[3] = t1i + t3r;
  }
};

template <>
struct Dft<5> {
  static FD_INLINE void run(const float* ar, const float* ai, float* cr, float* ci) {
    constexpr float kC1 = 0.309016994374947424102293f;   // cos(2 pi / 5)
    constexpr float kC2 = -0.809016994374947424102293f;  // cos(4 pi / 5)
    constexpr float kS1 = 0.951056516295153572116439f;   // sin(2 pi / 5)
    constexpr float kS2 = 0.587785252292473129168706f;   // sin(4 pi / 5)
    float s1r = ar[1] + ar[4], s1i = ai[1] + ai[4], d1r = ar[1] - ar[4], d1i = ai[1] - ai[4];
    float s2r = ar[2] + ar[3], s2i = ai[2] + ai[3], d2r = ar[2] - ar[3], d2i = ai[2] - ai[3];
    cr[0] = ar[0] + s1r + s2r;
    ci[0] = ai[0] + s1i + s2i;
    float m1r = ar[0] + kC1 * s1r + kC2 * s2r, m1i = ai[0] + kC1 * s1i + kC2 * s2i;
    float m2r = ar[0] + kC2 * s1r + kC1 * s2r, m2i = ai[0] + kC2 * s1i + kC1 * s2i;
    float n1r = kS1 * d1r + kS2 * d2r, n1i = kS1 * d1i + kS2 * d2i;
    float n2r = kS2 * d1r - kS1 * d2r, n2i = kS2 * d1i - kS1 * d2i;
    // c1 = m1 - i n1, c4 = m1 + i n1, c2 = m2 - i n2, c3 = m2 + i n2
    cr[1] = m1r + n1i, ci[1] = m1i - n1r, cr[4] = m1r - n1i, ci[4] = m1i + n1r;
    cr[2] = m2r + n2i, ci[2] = m2i - n2r, cr[3] = m2r - n2i, ci[3] = m2i + n2r;
  }
};

template <>
struct Dft<8> {
  static FD_INLINE void run(const float* ar, const float* ai, float* cr, float* ci) {
    constexpr float kH = 0.707106781186547524400844f;  // 1 / sqrt(2)
    // Radix 2 across distance 4: b_r = a_r + a_(r+4), c_r = (a_r - a_(r+4)) w8^r.
    float b0r = ar[0] + ar[4], b0i = ai[0] + ai[4];
    float b1r = ar[1] + ar[5], b1i = ai[1] + ai[5];
    float b2r = ar[2] + ar[6], b2i = ai[2] + ai[6];
    float b3r = ar[3] + ar[7], b3i = ai[3] + ai[7];
    float c0r = ar[0] - ar[4], c0i = ai[0] - ai[4];
    float d1r = ar[1] - ar[5], d1i = ai[1] - ai[5];
    float d2r = ar[2] - ar[6], d2i = ai[2] - ai[6];
    float d3r = ar[3] - ar[7], d3i = ai[3] - ai[7];
    float c1r = kH * (d1r + d1i), c1i = kH * (d1i - d1r);   // * (1 - i) / sqrt 2
    float c2r = d2i, c2i = -d2r;                              // * -i
    float c3r = kH * (d3i - d3r), c3i = -kH * (d3r + d3i);  // * (-1 - i) / sqrt 2
    // Two radix-4 DFTs: even outputs from b, odd outputs from c.
    float t0r = b0r + b2r, t0i = b0i + b2i, t1r = b0r - b2r, t1i = b0i - b2i;
    float t2r = b1r + b3r, t2i = b1i + b3i, t3r = b1r - b3r, t3i = b1i - b3i;
    float u0r = c0r + c2r, u0i = c0i + c2i, u1r = c0r - c2r, u1i = c0i - c2i;
    float u2r = c1r + c3r, u2i = c1i + c3i, u3r = c1r - c3r, u3i = c1i - c3i;
    cr[0] = t0r + t2r, ci[0] = t0i + t2i;
    cr[1] = u0r + u2r, ci[1] = u0i + u2i;
    cr[2] = t1r + t3i, ci[2] = t1i - t3r;
    cr[3] = u1r + u3i, ci[3] = u1i - u3r;
    cr[4] = t0r - t2r, ci[4] = t0i - t2i;
    cr[5] = u0r - u2r, ci[5] = u0i - u2i;
    cr[6] = t1r - t3i, ci[6] = t1i + t3r;
    cr[7] = u1r - u3i, ci[7] = u1i + u3r;
  }
};

template <int P>
FD_INLINE void butterfly(const float* __restrict xr, const float* __restrict xi,
                         float* __restrict yr, float* __restrict yi, std::size_t in,
                         std::size_t sl, const float* wr, const float* wi) {
  float twr[P - 1], twi[P - 1];
  for (int t = 0; t < P - 1; ++t) {
    twr[t] = wr[t];
    twi[t] = wi[t];
  }
  FD_IVDEP for (std::size_t e = 0; e < sl; ++e) {
    float ar[P], ai[P], cr[P], ci[P];
    for (int t = 0; t < P; ++t) {
      ar[t] = xr[e + static_cast<std::size_t>(t) * in];
      ai[t] = xi[e + static_cast<std::size_t>(t) * in];
    }
    Dft<P>::run(ar, ai, cr, ci);
    yr[e] = cr[0];
    yi[e] = ci[0];
    for (int t = 1; t < P; ++t) {
      const std::size_t at = e + static_cast<std::size_t>(t) * sl;
      yr[at] = cr[t] * twr[t - 1] - ci[t] * twi[t - 1];
      yi[at] = cr[t] * twi[t - 1] + ci[t] * twr[t - 1];
    }
  }
}

template <int P>
FD_INLINE void pass(const float* xr, const float* xi, float* yr, float* yi, int m, int stride,
                    const float* twr, const float* twi) {
  const std::size_t sl = static_cast<std::size_t>(stride) * kLanes;
  const std::size_t in = static_cast<std::size_t>(m) * sl;
  for (int j = 0; j < m; ++j) {
    const std::size_t src = static_cast<std::size_t>(j) * sl;
    const std::size_t dst = static_cast<std::size_t>(P) * src;
    butterfly<P>(xr + src, xi + src, yr + dst, yi + dst, in, sl,
                 twr + static_cast<std::size_t>(j) * (P - 1),
                 twi + static_cast<std::size_t>(j) * (P - 1));
  }
}

struct PassArgs {
  int radix, m, stride;
  const float *twr, *twi;
};

FD_MULTIVERSION void runPasses(const PassArgs* passes, int count, float* re, float* im,
                               float* workRe, float* workIm, std::size_t floats) {
  float *xr = re, *xi = im, *yr = workRe, *yi = workIm;
  for (int k = 0; k < count; ++k) {
    const PassArgs& p = passes[k];
    switch (p.radix) {
      case 2: pass<2>(xr, xi, yr, yi, p.m, p.stride, p.twr, p.twi); break;
      case 3: pass<3>(xr, xi, yr, yi, p.m, p.stride, p.twr, p.twi); break;
      case 4: pass<4>(xr, xi, yr, yi, p.m, p.stride, p.twr, p.twi); break;
      case 8: pass<8>(xr, xi, yr, yi, p.m, p.stride, p.twr, p.twi); break;
      default: pass<5>(xr, xi, yr, yi, p.m, p.stride, p.twr, p.twi); break;
    }
    std::swap(xr, yr);
    std::swap(xi, yi);
  }
  if (xr != re) {
    std::memcpy(re, xr, floats * sizeof(float));
    std::memcpy(im, xi, floats * sizeof(float));
  }
}

// Pointwise complex products over [n][kLanes] data with a per-element factor broadcast over
// the lanes (Bluestein's chirp and filter).
FD_MULTIVERSION void multiplyBroadcast(float* __restrict re, float* __restrict im,
                                       const float* __restrict fr, const float* __restrict fi,
                                       int n) {
  for (int k = 0; k < n; ++k) {
    const float a = fr[k], b = fi[k];
    float* __restrict r = re + static_cast<std::size_t>(k) * kLanes;
    float* __restrict i = im + static_cast<std::size_t>(k) * kLanes;
    for (int l = 0; l < kLanes; ++l) {
      const float x = r[l], y = i[l];
      r[l] = x * a - y * b;
      i[l] = x * b + y * a;
    }
  }
}

}  // namespace

BatchedFft::BatchedFft(int n) : n_(n) {
  if (n < 1) throw std::invalid_argument("FFT length must be >= 1");
  int rest = n;
  std::vector<int> radices;
  // Radix 4 for powers of two; an odd leftover 2 merges with a 4 into one radix-8 pass (one
  // pass fewer). All-radix-8 is slower: its 16 live complex values spill registers.
  int twos = 0;
  while (rest % 2 == 0) { ++twos; rest /= 2; }
  if (twos % 2 == 1 && twos >= 3) { radices.push_back(8); twos -= 3; }
  for (; twos >= 2; twos -= 2) radices.push_back(4);
  if (twos == 1) radices.push_back(2);
  while (rest % 3 == 0) { radices.push_back(3); rest /= 3; }
  while (rest % 5 == 0) { radices.push_back(5); rest /= 5; }
  if (rest != 1) {
    // Bluestein: a length-n DFT as a circular convolution of length M >= 2n - 1.
    const int big = fastSize(2 * n - 1);
    sub_ = std::make_unique<BatchedFft>(big);
    chirpRe_.resize(n);
    chirpIm_.resize(n);
    const std::uint64_t period = 2 * static_cast<std::uint64_t>(n);
    for (int k = 0; k < n; ++k) {
      // k^2 mod 2n keeps the chirp's angle exact for large k.
      const std::uint64_t q = (static_cast<std::uint64_t>(k) * k) % period;
      const double angle = -kPi * static_cast<double>(q) / n;
      chirpRe_[k] = static_cast<float>(std::cos(angle));
      chirpIm_[k] = static_cast<float>(std::sin(angle));
    }
    // Transform of b_k = conj(w_k), k in (-(n-1) .. n-1) placed circularly; computed in float
    // through the sub-transform on lane 0 of a scratch block.
    AlignedVector<float> br(static_cast<std::size_t>(big) * kLanes, 0.0f), bi(br.size(), 0.0f);
    AlignedVector<float> work(sub_->workFloats());
    for (int k = 0; k < n; ++k) {
      br[static_cast<std::size_t>(k) * kLanes] = chirpRe_[k];
      bi[static_cast<std::size_t>(k) * kLanes] = -chirpIm_[k];
      if (k > 0) {
        br[static_cast<std::size_t>(big - k) * kLanes] = chirpRe_[k];
        bi[static_cast<std::size_t>(big - k) * kLanes] = -chirpIm_[k];
      }
    }
    sub_->forward(br.data(), bi.data(), work.data());
    filterRe_.resize(big);
    filterIm_.resize(big);
    for (int k = 0; k < big; ++k) {
      filterRe_[k] = br[static_cast<std::size_t>(k) * kLanes] / big;
      filterIm_[k] = bi[static_cast<std::size_t>(k) * kLanes] / big;
    }
    return;
  }
  int length = n, stride = 1;
  std::size_t offset = 0;
  for (int p : radices) {
    const int m = length / p;
    stages_.push_back({p, m, stride, offset});
    for (int j = 0; j < m; ++j) {
      for (int t = 1; t < p; ++t) {
        const double angle = -2.0 * kPi * static_cast<double>(j) * t / length;
        twiddleRe_.push_back(static_cast<float>(std::cos(angle)));
        twiddleIm_.push_back(static_cast<float>(std::sin(angle)));
      }
    }
    offset += static_cast<std::size_t>(m) * (p - 1);
    length = m;
    stride *= p;
  }
}

std::size_t BatchedFft::workFloats() const {
  if (sub_) {
    return 2 * static_cast<std::size_t>(sub_->length()) * kLanes + sub_->workFloats();
  }
  return 2 * static_cast<std::size_t>(n_) * kLanes;
}

void BatchedFft::forward(float* re, float* im, float* work) const {
  if (sub_) {
    bluestein(re, im, work);
  } else {
    runStages(re, im, work);
  }
}

void BatchedFft::runStages(float* re, float* im, float* work) const {
  if (stages_.empty()) return;  // length 1
  PassArgs passes[64];
  int count = 0;
  for (const Stage& s : stages_) {
    passes[count++] = {s.radix, s.m, s.stride, twiddleRe_.data() + s.twiddle,
                       twiddleIm_.data() + s.twiddle};
  }
  const std::size_t floats = static_cast<std::size_t>(n_) * kLanes;
  runPasses(passes, count, re, im, work, work + floats, floats);
}

void BatchedFft::bluestein(float* re, float* im, float* work) const {
  const int big = sub_->length();
  const std::size_t floats = static_cast<std::size_t>(big) * kLanes;
  const std::size_t used = static_cast<std::size_t>(n_) * kLanes;
  float* ar = work;
  float* ai = work + floats;
  float* subWork = work + 2 * floats;
  std::memcpy(ar, re, used * sizeof(float));
  std::memcpy(ai, im, used * sizeof(float));
  std::fill(ar + used, ar + floats, 0.0f);
  std::fill(ai + used, ai + floats, 0.0f);
  multiplyBroadcast(ar, ai, chirpRe_.data(), chirpIm_.data(), n_);
  sub_->forward(ar, ai, subWork);
  multiplyBroadcast(ar, ai, filterRe_.data(), filterIm_.data(), big);
  sub_->inverse(ar, ai, subWork);
  multiplyBroadcast(ar, ai, chirpRe_.data(), chirpIm_.data(), n_);
  std::memcpy(re, ar, used * sizeof(float));
  std::memcpy(im, ai, used * sizeof(float));
}

// ---------------------------------------------------------------------------------------------
// Real 2D transform. Rows: two real rows travel as the real and imaginary part of one complex
// sequence (kLanes pairs per block), separated afterwards by Hermitian symmetry. Columns of the
// half spectrum: blocks of kLanes columns. The inverse runs the same steps backwards.

namespace {

thread_local AlignedVector<float> tlsScratch;

float* scratch(std::size_t floats) {
  if (tlsScratch.size() < floats) {
    tlsScratch = AlignedVector<float>();
    tlsScratch.resize(floats);
  }
  return tlsScratch.data();
}

}  // namespace

OwnRealFft2D::OwnRealFft2D(int height, int width)
    : RealFft2D(height, width),
      rows_(width),
      cols_(height),
      zeros_(2 * static_cast<std::size_t>(width / 2 + 1) + width, 0.0f) {
  const std::size_t longest = static_cast<std::size_t>(std::max(width, height)) * kLanes;
  scratchFloats_ = 2 * longest + std::max(rows_.workFloats(), cols_.workFloats());
}

void OwnRealFft2D::columns(cfloat* spectrum, bool inverse, float* buf) const {
  const int h = height(), wc = spectrumWidth();
  if (h == 1) return;
  const std::size_t floats = static_cast<std::size_t>(h) * kLanes;
  float* re = buf;
  float* im = buf + floats;
  float* work = buf + 2 * floats;
  for (int c0 = 0; c0 < wc; c0 += kLanes) {
    const int lanes = std::min(kLanes, wc - c0);
    for (int i = 0; i < h; ++i) {
      const cfloat* src = spectrum + static_cast<std::size_t>(i) * wc + c0;
      float* r = re + static_cast<std::size_t>(i) * kLanes;
      float* m = im + static_cast<std::size_t>(i) * kLanes;
      int c = 0;
#ifdef FD_SSE_TRANSPOSE
      if (lanes == kLanes) {
        const float* p = reinterpret_cast<const float*>(src);
        for (; c < kLanes; c += 4) {  // (re, im) pairs -> re and im vectors
          const __m128 lo = _mm_loadu_ps(p + 2 * c), hi = _mm_loadu_ps(p + 2 * c + 4);
          _mm_storeu_ps(r + c, _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)));
          _mm_storeu_ps(m + c, _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1)));
        }
      }
#endif
      for (; c < lanes; ++c) {
        r[c] = src[c].real();
        m[c] = src[c].imag();
      }
      for (; c < kLanes; ++c) r[c] = m[c] = 0.0f;
    }
    if (inverse) {
      cols_.inverse(re, im, work);
    } else {
      cols_.forward(re, im, work);
    }
    for (int i = 0; i < h; ++i) {
      cfloat* dst = spectrum + static_cast<std::size_t>(i) * wc + c0;
      const float* r = re + static_cast<std::size_t>(i) * kLanes;
      const float* m = im + static_cast<std::size_t>(i) * kLanes;
      int c = 0;
#ifdef FD_SSE_TRANSPOSE
      if (lanes == kLanes) {
        float* p = reinterpret_cast<float*>(dst);
        for (; c < kLanes; c += 4) {
          const __m128 vr = _mm_loadu_ps(r + c), vm = _mm_loadu_ps(m + c);
          _mm_storeu_ps(p + 2 * c, _mm_unpacklo_ps(vr, vm));
          _mm_storeu_ps(p + 2 * c + 4, _mm_unpackhi_ps(vr, vm));
        }
      }
#endif
      for (; c < lanes; ++c) dst[c] = cfloat(r[c], m[c]);
    }
  }
}

// Row blocks are moved between the image and the [w][kLanes] scratch in chunks of kChunk
// columns, so the strided side of each copy stays within a few KB of L1.
constexpr int kChunk = 64;


// dst[j * kLanes + b] = rows[b][j]: kLanes row pieces of length w into lane-interleaved order,
// as 4x4 SSE transposes where available.
void packRows(const float* const* rows, int w, float* dst) {
  for (int j0 = 0; j0 < w; j0 += kChunk) {
    const int j1 = std::min(w, j0 + kChunk);
    int j = j0;
#ifdef FD_SSE_TRANSPOSE
    for (; j + 4 <= j1; j += 4) {
      for (int b = 0; b < kLanes; b += 4) {
        __m128 r0 = _mm_loadu_ps(rows[b] + j), r1 = _mm_loadu_ps(rows[b + 1] + j);
        __m128 r2 = _mm_loadu_ps(rows[b + 2] + j), r3 = _mm_loadu_ps(rows[b + 3] + j);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        float* d = dst + static_cast<std::size_t>(j) * kLanes + b;
        _mm_storeu_ps(d, r0);
        _mm_storeu_ps(d + kLanes, r1);
        _mm_storeu_ps(d + 2 * kLanes, r2);
        _mm_storeu_ps(d + 3 * kLanes, r3);
      }
    }
#endif
    for (; j < j1; ++j) {
      for (int b = 0; b < kLanes; ++b) dst[static_cast<std::size_t>(j) * kLanes + b] = rows[b][j];
    }
  }
}

// rows[b][j] = src[j * kLanes + b], the inverse of packRows; null rows (past the image) are
// skipped.
void unpackRows(const float* src, int w, float* const* rows) {
  for (int j0 = 0; j0 < w; j0 += kChunk) {
    const int j1 = std::min(w, j0 + kChunk);
    int j = j0;
#ifdef FD_SSE_TRANSPOSE
    for (; j + 4 <= j1; j += 4) {
      for (int b = 0; b < kLanes; b += 4) {
        const float* s = src + static_cast<std::size_t>(j) * kLanes + b;
        __m128 c0 = _mm_loadu_ps(s), c1 = _mm_loadu_ps(s + kLanes);
        __m128 c2 = _mm_loadu_ps(s + 2 * kLanes), c3 = _mm_loadu_ps(s + 3 * kLanes);
        _MM_TRANSPOSE4_PS(c0, c1, c2, c3);
        if (rows[b]) _mm_storeu_ps(rows[b] + j, c0);
        if (rows[b + 1]) _mm_storeu_ps(rows[b + 1] + j, c1);
        if (rows[b + 2]) _mm_storeu_ps(rows[b + 2] + j, c2);
        if (rows[b + 3]) _mm_storeu_ps(rows[b + 3] + j, c3);
      }
    }
#endif
    for (; j < j1; ++j) {
      for (int b = 0; b < kLanes; ++b) {
        if (rows[b]) rows[b][j] = src[static_cast<std::size_t>(j) * kLanes + b];
      }
    }
  }
}

// Separates the transforms of two real rows carried as Z = A + i B (lanes of re/im, [w][kLanes])
// into their half spectra: A_k = (Z_k + conj Z_-k) / 2, B_k = (Z_k - conj Z_-k) / 2i, with
// Z_-k = Z_(w-k) (Z_0 for k = 0). Null outputs (rows past the image) are skipped.
void splitRowSpectra(const float* re, const float* im, int w, cfloat* const* outA,
                     cfloat* const* outB) {
  const int wc = w / 2 + 1;
  auto mirror = [w](int k) { return static_cast<std::size_t>(k == 0 ? 0 : w - k) * kLanes; };
  for (int k0 = 0; k0 < wc; k0 += kChunk) {
    const int k1 = std::min(wc, k0 + kChunk);
    int k = k0;
#ifdef FD_SSE_TRANSPOSE
    const __m128 half = _mm_set1_ps(0.5f);
    for (; k + 4 <= k1; k += 4) {
      for (int b = 0; b < kLanes; b += 4) {
        __m128 ar[4], ai[4], br[4], bi[4];
        for (int t = 0; t < 4; ++t) {
          const std::size_t at = static_cast<std::size_t>(k + t) * kLanes + b;
          const std::size_t mt = mirror(k + t) + b;
          const __m128 zr = _mm_loadu_ps(re + at), zi = _mm_loadu_ps(im + at);
          const __m128 nr = _mm_loadu_ps(re + mt), ni = _mm_loadu_ps(im + mt);
          ar[t] = _mm_mul_ps(half, _mm_add_ps(zr, nr));
          ai[t] = _mm_mul_ps(half, _mm_sub_ps(zi, ni));
          br[t] = _mm_mul_ps(half, _mm_add_ps(zi, ni));
          bi[t] = _mm_mul_ps(half, _mm_sub_ps(nr, zr));
        }
        // Per lane: 4 consecutive bins, interleaved re/im as the spectrum stores them.
        _MM_TRANSPOSE4_PS(ar[0], ar[1], ar[2], ar[3]);
        _MM_TRANSPOSE4_PS(ai[0], ai[1], ai[2], ai[3]);
        _MM_TRANSPOSE4_PS(br[0], br[1], br[2], br[3]);
        _MM_TRANSPOSE4_PS(bi[0], bi[1], bi[2], bi[3]);
        for (int i = 0; i < 4; ++i) {
          if (float* d = reinterpret_cast<float*>(outA[b + i])) {
            _mm_storeu_ps(d + 2 * k, _mm_unpacklo_ps(ar[i], ai[i]));
            _mm_storeu_ps(d + 2 * k + 4, _mm_unpackhi_ps(ar[i], ai[i]));
          }
          if (float* d = reinterpret_cast<float*>(outB[b + i])) {
            _mm_storeu_ps(d + 2 * k, _mm_unpacklo_ps(br[i], bi[i]));
            _mm_storeu_ps(d + 2 * k + 4, _mm_unpackhi_ps(br[i], bi[i]));
          }
        }
      }
    }
#endif
    for (; k < k1; ++k) {
      for (int b = 0; b < kLanes; ++b) {
        const std::size_t at = static_cast<std::size_t>(k) * kLanes + b;
        const std::size_t mt = mirror(k) + b;
        const float zr = re[at], zi = im[at], nr = re[mt], ni = im[mt];
        if (outA[b]) outA[b][k] = cfloat(0.5f * (zr + nr), 0.5f * (zi - ni));
        if (outB[b]) outB[b][k] = cfloat(0.5f * (zi + ni), 0.5f * (nr - zr));
      }
    }
  }
}

// The inverse of splitRowSpectra: Z_k = A_k + i B_k over the full row, A and B extended by
// Hermitian symmetry (X_k = conj X_(w-k) for k >= w/2 + 1), into lanes of re/im.
void joinRowSpectra(const cfloat* const* rowA, const cfloat* const* rowB, int w, float* re,
                    float* im) {
  const int wc = w / 2 + 1;
  for (int k0 = 0; k0 < w; k0 += kChunk) {
    const int k1 = std::min(w, k0 + kChunk);
    int k = k0;
#ifdef FD_SSE_TRANSPOSE
    // 4 bins of one row as (re, im) vectors; mirrored bins read w-k-3 .. w-k and reverse.
    auto load = [](const cfloat* row, int first, bool reversed, __m128& r, __m128& i) {
      const float* p = reinterpret_cast<const float*>(row + first);
      const __m128 lo = _mm_loadu_ps(p), hi = _mm_loadu_ps(p + 4);
      r = _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
      i = _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
      if (reversed) {
        r = _mm_shuffle_ps(r, r, _MM_SHUFFLE(0, 1, 2, 3));
        i = _mm_shuffle_ps(i, i, _MM_SHUFFLE(0, 1, 2, 3));
      }
    };
    for (; k + 4 <= k1; k += 4) {
      const bool direct = k + 4 <= wc;
      if (!direct && k < wc) break;  // a block across wc: the scalar loop takes it
      const int first = direct ? k : w - k - 3;
      for (int b = 0; b < kLanes; b += 4) {
        __m128 ar[4], ai[4], br[4], bi[4];
        for (int t = 0; t < 4; ++t) {
          load(rowA[b + t], first, !direct, ar[t], ai[t]);
          load(rowB[b + t], first, !direct, br[t], bi[t]);
        }
        _MM_TRANSPOSE4_PS(ar[0], ar[1], ar[2], ar[3]);
        _MM_TRANSPOSE4_PS(ai[0], ai[1], ai[2], ai[3]);
        _MM_TRANSPOSE4_PS(br[0], br[1], br[2], br[3]);
        _MM_TRANSPOSE4_PS(bi[0], bi[1], bi[2], bi[3]);
        for (int t = 0; t < 4; ++t) {
          const std::size_t at = static_cast<std::size_t>(k + t) * kLanes + b;
          // direct: Z = (ar - bi) + i (ai + br); mirrored (conjugates): (ar + bi) + i (br - ai)
          _mm_storeu_ps(re + at, direct ? _mm_sub_ps(ar[t], bi[t]) : _mm_add_ps(ar[t], bi[t]));
          _mm_storeu_ps(im + at, direct ? _mm_add_ps(ai[t], br[t]) : _mm_sub_ps(br[t], ai[t]));
        }
      }
    }
#endif
    for (; k < k1; ++k) {
      const bool direct = k < wc;
      const int src = direct ? k : w - k;
      for (int b = 0; b < kLanes; ++b) {
        const cfloat a = rowA[b][src], c = rowB[b][src];
        const std::size_t at = static_cast<std::size_t>(k) * kLanes + b;
        re[at] = direct ? a.real() - c.imag() : a.real() + c.imag();
        im[at] = direct ? a.imag() + c.real() : c.real() - a.imag();
      }
    }
  }
}

// The rows one block of the row transform carries: lane b holds row r0 + b (as the real part)
// and row r0 + kLanes + b (as the imaginary part); rows past the image are `past` (zeros to read,
// or null: nothing to write).
template <typename T>
void laneRows(T* rows, int rowLength, int h, int r0, T* past, T* (&a)[kLanes], T* (&b)[kLanes]) {
  for (int l = 0; l < kLanes; ++l) {
    const int ra = r0 + l, rb = r0 + kLanes + l;
    a[l] = ra < h ? rows + static_cast<std::size_t>(ra) * rowLength : past;
    b[l] = rb < h ? rows + static_cast<std::size_t>(rb) * rowLength : past;
  }
}

void OwnRealFft2D::forward(const float* real, cfloat* spectrum) const {
  const int h = height(), w = width(), wc = spectrumWidth();
  float* buf = scratch(scratchFloats_);
  const std::size_t floats = static_cast<std::size_t>(w) * kLanes;
  float* re = buf;
  float* im = buf + floats;
  float* work = buf + 2 * floats;
  const float* zeroRow = zeros_.data();
  for (int r0 = 0; r0 < h; r0 += 2 * kLanes) {
    const float* rowA[kLanes];
    const float* rowB[kLanes];
    laneRows(real, w, h, r0, zeroRow, rowA, rowB);
    packRows(rowA, w, re);
    packRows(rowB, w, im);
    rows_.forward(re, im, work);
    cfloat* outA[kLanes];
    cfloat* outB[kLanes];
    laneRows<cfloat>(spectrum, wc, h, r0, nullptr, outA, outB);
    splitRowSpectra(re, im, w, outA, outB);
  }
  columns(spectrum, false, buf);
}

void OwnRealFft2D::inverse(cfloat* spectrum, float* real) const {
  const int h = height(), w = width(), wc = spectrumWidth();
  float* buf = scratch(scratchFloats_);
  columns(spectrum, true, buf);
  const std::size_t floats = static_cast<std::size_t>(w) * kLanes;
  float* re = buf;
  float* im = buf + floats;
  float* work = buf + 2 * floats;
  const cfloat* zeroRow = reinterpret_cast<const cfloat*>(zeros_.data());
  const int nyquist = w % 2 == 0 ? w / 2 : -1;
  for (int r0 = 0; r0 < h; r0 += 2 * kLanes) {
    // Z = A + i B over the full row, A and B extended by Hermitian symmetry
    // (X_k = conj X_(w-k) for k >= wc).
    const cfloat* rowA[kLanes];
    const cfloat* rowB[kLanes];
    laneRows<const cfloat>(spectrum, wc, h, r0, zeroRow, rowA, rowB);
    joinRowSpectra(rowA, rowB, w, re, im);
    // The imaginary parts of the DC and Nyquist bins cannot come from a real row: dropped.
    for (int k : {0, nyquist}) {
      if (k < 0) continue;
      for (int b = 0; b < kLanes; ++b) {
        re[static_cast<std::size_t>(k) * kLanes + b] = rowA[b][k].real();
        im[static_cast<std::size_t>(k) * kLanes + b] = rowB[b][k].real();
      }
    }
    rows_.inverse(re, im, work);
    float* outA[kLanes];
    float* outB[kLanes];
    laneRows<float>(real, w, h, r0, nullptr, outA, outB);
    unpackRows(re, w, outA);
    unpackRows(im, w, outB);
  }
}

// ---------------------------------------------------------------------------------------------
// Plan cache: transforms are immutable after construction and shared between threads.

std::shared_ptr<const RealFft2D> realFft2D(int height, int width) {
  static std::mutex mutex;
  static std::map<std::pair<int, int>, std::shared_ptr<const RealFft2D>> cache;
  constexpr std::size_t kMaxPlans = 64;
  const auto key = std::make_pair(height, width);
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  // Built outside the lock: large Bluestein plans take a while and must not block others.
  auto plan = std::make_shared<const OwnRealFft2D>(height, width);
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() >= kMaxPlans) cache.clear();  // sizes churn only in unusual workloads
  return cache.emplace(key, plan).first->second;
}

}  // namespace fd
