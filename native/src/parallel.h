// Fork-join for the addon's larger loops: threads are started per call (tens of microseconds),
// so only work of a millisecond or more is split. Results never depend on the thread count:
// callers split work into fixed parts and combine them in a fixed order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fd {

// Threads worth starting for `work` units when each should get at least `minPerThread`, at
// most `cap` and the machine's hardware threads.
inline int threadsFor(double work, double minPerThread, int cap) {
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int useful = static_cast<int>(std::min<double>(cap, work / minPerThread));
  return std::max(1, std::min(hardware, useful));
}

// Threads for a loop over `pixels` pixels of a photo (paste-back's warp and blend over a
// face's rectangle): split only where each thread gets at least 64k pixels (a face in a large
// photo: ~250k pixels, ~10 ms), on at most 4.
inline int threadsForPixels(double pixels) { return threadsFor(pixels, 1 << 16, 4); }

// Runs fn(i) for every i in [0, count) on up to `threads` threads, the calling one included,
// each taking the next i in turn; the first exception thrown is rethrown once all are done.
template <typename F>
void parallelFor(int count, int threads, const F& fn) {
  threads = std::min(threads, count);
  if (threads <= 1) {
    for (int i = 0; i < count; ++i) fn(i);
    return;
  }
  std::atomic<int> next{0};
  std::mutex failure;
  std::exception_ptr error;
  auto worker = [&] {
    for (int i = next++; i < count; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure);
        if (!error) error = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace fd
