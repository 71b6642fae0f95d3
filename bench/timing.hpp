#pragma once
// Timing for benchmarks: best-of-k wall time of a callable, so a reference
// and the code under test are timed the same way in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

namespace wprox::bench {

template <class F>
double best_seconds(F&& f, int repeats = 5) {
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < repeats; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  return best;
}

inline void print_ratio(const char* what, double reference_s, double wprox_s) {
  std::printf("%-48s reference %10.4f s   wprox %10.4f s   speedup %6.2fx\n", what, reference_s, wprox_s,
              reference_s / wprox_s);
}

}  // namespace wprox::bench
