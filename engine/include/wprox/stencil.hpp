#pragma once
// The grid Laplacian: the sum over axes of the second difference
// (u_{j+1} - 2 u_j + u_{j-1}) / h^2, with the periodic wrap or the reflected
// ghost value on each axis (see wprox/grid.hpp): the 3-point stencil in 1-D,
// 5-point in 2-D, 7-point in 3-D. Its eigenvalues are the spectral
// transform's laplacian_symbol().
//
// for_each_laplacian(g, u, f) calls f(c, (Lap u)_c) for every cell index c,
// in parallel over the first axis: one pass over memory that fuses the
// stencil with pointwise work (the reaction-diffusion models' right-hand
// sides). f must write nothing but index c. On a 2-D grid with equal spacing
// the interior of each row is a branch-free loop the compiler vectorizes,
// evaluated as (up + down + left + right - 4 u) / h^2.
#include <algorithm>

#include "wprox/grid.hpp"
#include "wprox/parallel.hpp"

namespace wprox {

// out = Lap u (out must not alias u).
void laplacian(const TensorGrid& g, const double* u, double* out);

namespace stencil_detail {

// Neighbour of index j on an axis of n points: wrap or reflect.
inline long prev(long j, long n, bool periodic) { return j > 0 ? j - 1 : (periodic ? n - 1 : 0); }
inline long next(long j, long n, bool periodic) { return j + 1 < n ? j + 1 : (periodic ? 0 : n - 1); }

}  // namespace stencil_detail

template <class F>
void for_each_laplacian(const TensorGrid& g, const double* u, F f) {
  using stencil_detail::next;
  using stencil_detail::prev;
  if (g.dim() == 2 && g.h(0) == g.h(1)) {
    const long n0 = g.n(0), n1 = g.n(1);
    const double s = 1.0 / (g.h(0) * g.h(0));
    const bool p0 = g.boundary(0) == Boundary::Periodic, p1 = g.boundary(1) == Boundary::Periodic;
    const long grain = std::max<long>(1, 4096 / n1);
    parallel_for(
        n0,
        [&](long b, long e) {
          for (long i = b; i < e; ++i) {
            const double* up = u + prev(i, n0, p0) * n1;
            const double* mid = u + i * n1;
            const double* down = u + next(i, n0, p0) * n1;
            const long row = i * n1;
            const double left0 = p1 ? mid[n1 - 1] : mid[0];
            f(row, (up[0] + down[0] + left0 + mid[1] - 4.0 * mid[0]) * s);
            for (long j = 1; j < n1 - 1; ++j)
              f(row + j, (up[j] + down[j] + mid[j - 1] + mid[j + 1] - 4.0 * mid[j]) * s);
            const double right = p1 ? mid[0] : mid[n1 - 1];
            f(row + n1 - 1, (up[n1 - 1] + down[n1 - 1] + mid[n1 - 2] + right - 4.0 * mid[n1 - 1]) * s);
          }
        },
        grain);
    return;
  }
  // Any dimension and spacing: one axis at a time per cell.
  const int d = g.dim();
  const long n0 = g.n(0), rest = g.size() / n0;
  parallel_for(n0, [&](long b, long e) {
    for (long c = b * rest; c < e * rest; ++c) {
      double lap = 0.0;
      long r = c;
      for (int a = d - 1; a >= 0; --a) {
        const long n = g.n(a), stride = g.stride(a), j = r % n;
        r /= n;
        const bool periodic = g.boundary(a) == Boundary::Periodic;
        const double hh = g.h(a) * g.h(a);
        const double um = u[c + (prev(j, n, periodic) - j) * stride], up = u[c + (next(j, n, periodic) - j) * stride];
        lap += (up + um - 2.0 * u[c]) / hh;
      }
      f(c, lap);
    }
  });
}

}  // namespace wprox
