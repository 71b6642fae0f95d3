#pragma once
// Reductions over one grid row, written so that the compiler vectorizes them
// while the result depends on the row's values alone (not on how rows are
// split among threads): solvers reduce each row with these and combine the
// per-row results in row order, which gives the same bits for any thread
// count.
#include <algorithm>

#include <wprox/kinds/pde.hpp>

namespace pdhg_rd {

// max_k |x_k|, or a NaN if an entry is NaN; exact in any order.
inline double max_abs(const double* x, long n) { return wprox::row_max_abs(x, n); }

// a, or b when b is larger; NaN once either is NaN (so a NaN entry is seen).
inline double max_nan(double a, double b) { return (b > a || b != b) ? b : a; }

// sum_k x_k in an order fixed by n alone: eight running sums over the
// strided entries (which vectorize without reassociating anything), added in
// lane order, then the tail.
inline double row_sum(const double* x, long n) {
  constexpr int kLanes = 8;
  double lane[kLanes] = {};
  long k = 0;
  for (; k + kLanes <= n; k += kLanes)
    for (int l = 0; l < kLanes; ++l) lane[l] += x[k + l];
  double s = 0.0;
  for (double l : lane) s += l;
  for (; k < n; ++k) s += x[k];
  return s;
}

}  // namespace pdhg_rd
