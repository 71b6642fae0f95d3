#pragma once
// Reductions over one grid row, written so that the compiler vectorizes them
// while the result depends on the row's values alone (not on how rows are
// split among threads): solvers reduce each row with these and combine the
// per-row results in row order, which gives the same bits for any thread
// count.
#include <algorithm>
#include <cstdint>
#include <cstring>

namespace pdhg_rd {

// max_k |x_k|, or a NaN if an entry is NaN; exact in any order. With the sign
// bit cleared, the bit patterns of doubles order as unsigned integers do, and
// every NaN lies above +inf: an integer maximum, which vectorizes.
inline double max_abs(const double* x, long n) {
  std::uint64_t m = 0;
  for (long k = 0; k < n; ++k) {
    std::uint64_t bits;
    std::memcpy(&bits, x + k, sizeof bits);
    m = std::max<std::uint64_t>(m, bits & 0x7fffffffffffffffULL);
  }
  double r;
  std::memcpy(&r, &m, sizeof r);
  return r;
}

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
