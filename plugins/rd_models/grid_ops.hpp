#pragma once
// Stencil kernels on a 2-D TensorGrid used by the reaction–diffusion models:
// the Laplacian (plain and fused with pointwise work) comes from the engine
// (wprox/stencil.hpp); here are
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
#include <wprox/stencil.hpp>

namespace rd {

// out = div(s grad u) (units 1/h^2).
void div_coef_grad(const wprox::TensorGrid& g, const double* sx, const double* sy, const double* u, double* out);

// sum over faces of s_f (u_+ - u_-)^2 / h^2; sx = sy = nullptr means s = 1.
// Deterministic for any thread count.
double face_gradient_sq(const wprox::TensorGrid& g, const double* sx, const double* sy, const double* u);

// sum_i f(u_i) over the grid, deterministic for any thread count.
template <class F>
double grid_sum(long size, const double* u, F f);

// out[c] = f(c) for every cell, in parallel.
template <class F>
void pointwise(long size, F f);

}  // namespace rd

#include <wprox/parallel.hpp>

template <class F>
void rd::pointwise(long size, F f) {
  wprox::parallel_for(
      size,
      [&](long b, long e) {
        for (long i = b; i < e; ++i) f(i);
      },
      4096);
}

template <class F>
double rd::grid_sum(long size, const double* u, F f) {
  return wprox::deterministic_sum(size, [&](long i) { return f(u[i]); });
}
