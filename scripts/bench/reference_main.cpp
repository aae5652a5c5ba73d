// Benchmark only: times native/src/deconv.cpp and the 2D FFT in C++ without JavaScript in the
// way. Built twice by scripts/bench-native.ts, once against the project's FFT (native/src/fft.cpp)
// and once against FFTW (fftw_backend.cpp); prints one JSON object.
//   fft HEIGHT WIDTH REPS                               median of forward + inverse
//   full WIDTH HEIGHT KERNEL REPS BLURRY SKETCH OUT BETA THRESHOLD GAMMA
//                                                       median of grey + estimate + Wiener RGB
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "deconv.h"
#include "fft2d.h"

namespace {

template <typename F>
double medianMs(int reps, F&& run) {
  run();  // warm-up: plans, caches, page faults
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::vector<float> readFloats(const char* file, std::size_t count) {
  std::vector<float> v(count);
  std::ifstream in(file, std::ios::binary);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(count * sizeof(float)));
  if (!in) {
    std::fprintf(stderr, "cannot read %zu floats from %s\n", count, file);
    std::exit(2);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && std::strcmp(argv[1], "fft") == 0) {
    const int h = std::atoi(argv[2]), w = std::atoi(argv[3]), reps = std::atoi(argv[4]);
    auto plan = fd::realFft2D(h, w);
    fd::AlignedVector<float> real(static_cast<std::size_t>(h) * w), back(real.size());
    for (std::size_t k = 0; k < real.size(); ++k) real[k] = static_cast<float>((k * 7919) % 997) / 997.0f;
    fd::AlignedVector<fd::cfloat> spec(plan->spectrumSize());
    const double ms = medianMs(reps, [&] {
      plan->forward(real.data(), spec.data());
      plan->inverse(spec.data(), back.data());
    });
    std::printf("{\"ms\":%.6f}\n", ms);
    return 0;
  }
  if (argc >= 12 && std::strcmp(argv[1], "full") == 0) {
    const int w = std::atoi(argv[2]), h = std::atoi(argv[3]), ks = std::atoi(argv[4]);
    const int reps = std::atoi(argv[5]);
    const double beta = std::atof(argv[9]), threshold = std::atof(argv[10]);
    const double gamma = std::atof(argv[11]);
    const std::size_t pixels = static_cast<std::size_t>(w) * h;
    const std::vector<float> rgb = readFloats(argv[6], pixels * 3);
    const std::vector<float> sketch = readFloats(argv[7], pixels);
    std::vector<float> grey(pixels), out(pixels * 3);
    fd::KernelEstimate est;
    const double ms = medianMs(reps, [&] {
      for (std::size_t p = 0; p < pixels; ++p) {
        grey[p] = 0.299f * rgb[p * 3] + 0.587f * rgb[p * 3 + 1] + 0.114f * rgb[p * 3 + 2];
      }
      est = fd::estimateKernel(grey.data(), sketch.data(), w, h, ks, beta, threshold);
      fd::wienerDeconvolve(rgb.data(), w, h, 3, est.kernel.data(), est.size, gamma,
                           fd::WienerBoundary::Taper, out.data());
    });
    std::ofstream o(argv[8], std::ios::binary);
    o.write(reinterpret_cast<const char*>(est.kernel.data()),
            static_cast<std::streamsize>(est.kernel.size() * sizeof(float)));
    o.write(reinterpret_cast<const char*>(out.data()),
            static_cast<std::streamsize>(out.size() * sizeof(float)));
    std::printf("{\"ms\":%.6f,\"kernelSize\":%d,\"confidence\":%.6f}\n", ms, est.size, est.confidence);
    return 0;
  }
  std::fprintf(stderr, "usage: fft H W REPS | full W H KERNEL REPS BLURRY SKETCH OUT BETA THRESHOLD GAMMA\n");
  return 2;
}
