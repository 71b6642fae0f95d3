// One SIMD target's copy of the stencil-row variants timed by
// bench_stencil_row.cpp: the Allen–Cahn residual row
//   out = v (a + b v^2) - k s4 - c m,   s4 = up + down + left + right,
// with its row maximum, its left and right neighbours taken three ways:
// two alternatives written here, and rd-models' own loop.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#include "grid_ops.hpp"  // plugins/rd_models
#include "stencil_row_variants.hpp"

#include <wprox/simd_region_begin.hpp>

#include "stencil_rows.hpp"  // the models' row loop itself, this target's copy

namespace stencil_bench::WPROX_SIMD_NS {
namespace {

struct Row {
  const double *up, *v, *down, *m;
  double* out;
  long n;
};

using wprox::abs_order_bits;

inline double cell(double up, double down, double left, double right, double v, double m, const Coefs& q) {
  return v * (q.a + q.b * (v * v)) - q.k * ((up + down) + (left + right)) - q.c * m;
}

// The row copied with its two periodic neighbours, then one loop.
std::int64_t padded_row(const Row& r, const Coefs& q, double* pad) {
  const long n = r.n;
  pad[0] = r.v[n - 1];
  for (long j = 0; j < n; ++j) pad[j + 1] = r.v[j];
  pad[n + 1] = r.v[0];
  std::int64_t mx = 0;
  for (long j = 0; j < n; ++j) {
    const double x = cell(r.up[j], r.down[j], pad[j], pad[j + 2], pad[j + 1], r.m[j], q);
    r.out[j] = x;
    mx = std::max(mx, abs_order_bits(x));
  }
  return mx;
}

// Unaligned loads of the neighbours in the interior, the two end cells apart.
std::int64_t unaligned_row(const Row& r, const Coefs& q) {
  const long n = r.n;
  std::int64_t mx = 0;
  auto put = [&](long j, double left, double right) {
    const double x = cell(r.up[j], r.down[j], left, right, r.v[j], r.m[j], q);
    r.out[j] = x;
    mx = std::max(mx, abs_order_bits(x));
  };
  put(0, r.v[n - 1], r.v[1]);
  for (long j = 1; j < n - 1; ++j) put(j, r.v[j - 1], r.v[j + 1]);
  put(n - 1, r.v[n - 2], r.v[0]);
  return mx;
}

// What rd-models runs: its regrouped update loop (whole vectors, the
// neighbours shifted in from the adjacent vectors), with w = v, no base.
std::int64_t shifted_row(const Row& r, const Coefs& q) {
  const double mx = rd::WPROX_SIMD_NS::quadratic_detail::quadratic_update_loop<false, true, true>(
      r.n, r.v[r.n - 1], r.v[0], r.up, r.v, r.down, r.v, nullptr, r.m, q.a, q.b, q.k, q.c, r.out);
  return abs_order_bits(mx);
}

template <class F>
std::int64_t sweep(const Grid& g, F row_fn) {
  const long n = g.n;
  std::int64_t all = 0;
  for (long i = 0; i < n; ++i) {
    const Row r{g.v + ((i + n - 1) % n) * n, g.v + i * n, g.v + ((i + 1) % n) * n, g.m + i * n, g.out + i * n, n};
    all ^= row_fn(r);
  }
  return all;
}

}  // namespace

std::int64_t run(Variant which, const Grid& g, const Coefs& q, double* pad) {
  switch (which) {
    case Variant::padded: return sweep(g, [&](const Row& r) { return padded_row(r, q, pad); });
    case Variant::unaligned: return sweep(g, [&](const Row& r) { return unaligned_row(r, q); });
    case Variant::shifted: return sweep(g, [&](const Row& r) { return shifted_row(r, q); });
  }
  return 0;
}

}  // namespace stencil_bench::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
