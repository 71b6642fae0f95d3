#pragma once
// Stencil kernels on a Grid2D used by the reaction–diffusion models: the
// 5-point Laplacian comes from the engine (wprox::laplacian_5pt); here are
// the variable-coefficient divergence form and the discrete gradient energy,
// both written with forward differences across cell faces so that
// -div(s grad) = (grad+)^T S (grad+) exactly (a symmetric operator) and the
// energy's gradient is the operator.
//
// Face coefficients: sx[i*n+j] sits on the face between (i, j) and (i+1, j),
// sy[i*n+j] between (i, j) and (i, j+1). Periodic grids wrap the last face;
// Neumann grids have no boundary faces (the reflected difference is zero),
// so their last entries are never used.
#include <algorithm>
#include <vector>

#include <wprox/grid.hpp>

namespace rd {

// out = div(s grad u) (units 1/h^2).
void div_coef_grad(const wprox::Grid2D& g, const double* sx, const double* sy, const double* u, double* out);

// sum over faces of s_f (u_+ - u_-)^2 / h^2; sx = sy = nullptr means s = 1.
// Deterministic for any thread count.
double face_gradient_sq(const wprox::Grid2D& g, const double* sx, const double* sy, const double* u);

// sum_i f(u_i) over the grid, deterministic for any thread count.
template <class F>
double grid_sum(long size, const double* u, F f);

// The 5-point Laplacian fused with pointwise work: calls f(c, (D u)_c) for
// every cell index c = i*n + j, rows in parallel. f must only write index c.
// One pass over memory instead of a Laplacian pass plus a pointwise pass;
// the interior of each row is a branch-free loop the compiler vectorizes.
template <class F>
void with_laplacian(const wprox::Grid2D& g, const double* u, F f);

// out = D u (same as wprox::laplacian_5pt, through with_laplacian).
void laplacian(const wprox::Grid2D& g, const double* u, double* out);

// out[c] = f(c) for every cell, in parallel.
template <class F>
void pointwise(long size, F f);

}  // namespace rd

#include <wprox/parallel.hpp>

template <class F>
void rd::with_laplacian(const wprox::Grid2D& g, const double* u, F f) {
  const int n = g.n;
  const double s = 1.0 / (g.h() * g.h());
  const bool periodic = g.boundary == wprox::Boundary::Periodic;
  const long grain = std::max(1, 4096 / n);
  wprox::parallel_for(n, [&](long b, long e) {
    for (long i = b; i < e; ++i) {
      const long im = i > 0 ? i - 1 : (periodic ? n - 1 : 0);
      const long ip = i + 1 < n ? i + 1 : (periodic ? 0 : n - 1);
      const double* up = u + im * n;
      const double* mid = u + i * n;
      const double* down = u + ip * n;
      const long row = i * n;
      const double left0 = periodic ? mid[n - 1] : mid[0];
      f(row, (up[0] + down[0] + left0 + mid[1] - 4.0 * mid[0]) * s);
      for (int j = 1; j < n - 1; ++j) f(row + j, (up[j] + down[j] + mid[j - 1] + mid[j + 1] - 4.0 * mid[j]) * s);
      const double right = periodic ? mid[0] : mid[n - 1];
      f(row + n - 1, (up[n - 1] + down[n - 1] + mid[n - 2] + right - 4.0 * mid[n - 1]) * s);
    }
  }, grain);
}

template <class F>
void rd::pointwise(long size, F f) {
  wprox::parallel_for(size, [&](long b, long e) {
    for (long i = b; i < e; ++i) f(i);
  }, 4096);
}

template <class F>
double rd::grid_sum(long size, const double* u, F f) {
  return wprox::deterministic_sum(size, [&](long i) { return f(u[i]); });
}
