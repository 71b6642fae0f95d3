#include "wprox/parallel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <vector>

namespace wprox {

void parallel_for(long n, const std::function<void(long, long)>& body, long grain) {
  if (n <= 0) return;
  if (n <= grain || n == 1) {  // one chunk whatever the threads: skip the scheduler (small grids call this per pass)
    body(0, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<long>(0, n, grain > 0 ? grain : 1),
                    [&](const tbb::blocked_range<long>& r) { body(r.begin(), r.end()); });
}

double deterministic_sum(long n, const std::function<double(long)>& f) {
  // Fixed blocks, summed serially inside and combined in block order: the
  // result does not depend on which thread ran which block.
  constexpr long kBlock = 1024;
  const long blocks = (n + kBlock - 1) / kBlock;
  std::vector<double> partial(blocks > 0 ? blocks : 0, 0.0);
  parallel_for(blocks, [&](long b0, long b1) {
    for (long b = b0; b < b1; ++b) {
      double s = 0.0;
      const long end = std::min(n, (b + 1) * kBlock);
      for (long i = b * kBlock; i < end; ++i) s += f(i);
      partial[b] = s;
    }
  });
  double total = 0.0;
  for (double s : partial) total += s;
  return total;
}

void with_threads(int threads, const std::function<void()>& fn) {
  if (threads <= 0) {
    fn();
    return;
  }
  tbb::task_arena arena(threads);
  arena.execute([&] { fn(); });
}

}  // namespace wprox
