// One SIMD target's copy of the stencil-row variants timed by
// bench_stencil_row.cpp: the Allen–Cahn residual row
//   out = v (a + b v^2) - k s4 - c m,   s4 = up + down + left + right,
// with its row maximum, its left and right neighbours taken three ways.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#include "stencil_row_variants.hpp"

#include <wprox/simd_region_begin.hpp>

namespace stencil_bench::WPROX_SIMD_NS {
namespace {

struct Row {
  const double *up, *v, *down, *m;
  double* out;
  long n;
};

constexpr long kLanes = WPROX_SIMD_LEVEL == 2 ? 8 : WPROX_SIMD_LEVEL == 1 ? 4 : 2;
typedef double VecD __attribute__((vector_size(kLanes * sizeof(double))));
typedef long long VecI __attribute__((vector_size(kLanes * sizeof(double))));

inline VecD load(const double* p) {
  VecD x;
  std::memcpy(&x, p, sizeof x);
  return x;
}
inline VecD splat(double x) { return VecD{} + x; }
template <std::size_t... I>
inline VecD last_then(VecD x, VecD y, std::index_sequence<I...>) {
  return __builtin_shufflevector(x, y, (kLanes - 1 + long(I))...);
}
template <std::size_t... I>
inline VecD then_first(VecD x, VecD y, std::index_sequence<I...>) {
  return __builtin_shufflevector(x, y, (1 + long(I))...);
}

inline std::int64_t abs_bits(double x) {
  std::int64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b & std::numeric_limits<std::int64_t>::max();
}

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
    mx = std::max(mx, abs_bits(x));
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
    mx = std::max(mx, abs_bits(x));
  };
  put(0, r.v[n - 1], r.v[1]);
  for (long j = 1; j < n - 1; ++j) put(j, r.v[j - 1], r.v[j + 1]);
  put(n - 1, r.v[n - 2], r.v[0]);
  return mx;
}

// Whole vectors, the neighbours shifted in from the adjacent vectors
// (n a multiple of kLanes).
std::int64_t shifted_row(const Row& r, const Coefs& q) {
  const long n = r.n;
  constexpr auto lanes = std::make_index_sequence<std::size_t(kLanes)>{};
  const VecD A = splat(q.a), B = splat(q.b), K = splat(q.k), C = splat(q.c);
  const VecI sign_off = VecI{} + std::numeric_limits<long long>::max();
  VecI mx = {};
  VecD prev = splat(r.v[n - 1]), cur = load(r.v);
  for (long j = 0; j < n; j += kLanes) {
    const VecD next = j + kLanes < n ? load(r.v + j + kLanes) : splat(r.v[0]);
    const VecD s4 = (load(r.up + j) + load(r.down + j)) + (last_then(prev, cur, lanes) + then_first(cur, next, lanes));
    const VecD x = cur * (A + B * (cur * cur)) - K * s4 - C * load(r.m + j);
    std::memcpy(r.out + j, &x, sizeof x);
    const VecI bits = reinterpret_cast<VecI>(x) & sign_off;
    if constexpr (kLanes > 2) {
      mx = bits > mx ? bits : mx;
    } else {
      const VecD ax = reinterpret_cast<VecD>(bits), m = reinterpret_cast<VecD>(mx);
      mx = reinterpret_cast<VecI>((ax > m) | (ax != ax) ? ax : m);
    }
    prev = cur;
    cur = next;
  }
  long long m = 0;
  for (long l = 0; l < kLanes; ++l) m = std::max(m, static_cast<long long>(mx[l]));
  return std::int64_t(m);
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
