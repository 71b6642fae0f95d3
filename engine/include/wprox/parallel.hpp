#pragma once
// Parallel loops over index ranges with TBB, behind a plain function pointer
// interface so that TBB headers stay out of most translation units.
//
// parallel_for(n, body): calls body(begin, end) on disjoint subranges
// covering [0, n). The result must not depend on how the range is split:
// write per-index outputs, and reduce with deterministic_sum.
#include <functional>

namespace wprox {

void parallel_for(long n, const std::function<void(long begin, long end)>& body, long grain = 1);

// Sum of f(i) over [0, n) computed in fixed-size blocks combined in a fixed
// order: the same bits for any thread count.
double deterministic_sum(long n, const std::function<double(long i)>& f);

// Runs fn with at most `threads` worker threads (0: the default).
void with_threads(int threads, const std::function<void()>& fn);

}  // namespace wprox
