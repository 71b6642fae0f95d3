#pragma once
// The tensor grid of an "hj" problem (1-D or 2-D, see the grid convention in
// wprox/kinds/hj.hpp) with one-sided differences, their adjoints and the
// Laplacian, and the problem's control model evaluated at every point.
//
// Layout: row-major, index = i * n[1] + j in 2-D (i along axis 0).
// One-sided differences along axis a, with h = h[a]:
//   D+ u (j) = (u(next) - u(j)) / h,   D- u (j) = (u(j) - u(prev)) / h
// where next / prev wrap on a periodic axis; on a Neumann axis the reflected
// ghost value equals the boundary value, so D+ = 0 at the last point and
// D- = 0 at the first. The Laplacian is sum_a (D+ - D-) / h_a (3- or 5-point
// stencil with the same reflection), which the axis' spectral transform
// diagonalizes.
#include <vector>

#include <wprox/kinds/hj.hpp>

#include <wprox/grid.hpp>
#include "local_model.hpp"

namespace wprox::pdhg_hj {

struct HjGrid {
  int dim = 1;
  TensorGrid tensor;  // the axes: n, [lo, hi], boundary, name
  long size = 0;
  std::vector<double> points;          // size x dim, row-major coordinates
  std::vector<HjLocalModel> model;     // size x dim: model[idx * dim + a]
  std::vector<long> next[2], prev[2];  // neighbour indices along each axis, -1 if none

  // nx, ny >= 2 (ny ignored in 1-D); InputError otherwise.
  HjGrid(const HjProblem& problem, int nx, int ny);

  // Points on axis a (1 for a >= dim, so 2-D index arithmetic works in 1-D).
  int n(int a) const { return a < dim ? tensor.n(a) : 1; }
  double h(int a) const { return tensor.h(a); }
  const GridAxis& axis(int a) const { return tensor.axis(a); }
  double coordinate(int a, int j) const { return tensor.coord(a, j); }

  // (D+ u, D- u) at point i along axis a; 0 across a Neumann edge.
  struct Slopes {
    double plus, minus;
  };
  Slopes slopes(int a, long i, const double* u) const {
    const long nx = next[a][std::size_t(i)], pv = prev[a][std::size_t(i)];
    const double inv = 1.0 / tensor.h(a);
    return {nx >= 0 ? (u[nx] - u[i]) * inv : 0.0, pv >= 0 ? (u[i] - u[pv]) * inv : 0.0};
  }

  // out = D+ u or D- u along axis a (every point).
  void forward_diff(int a, const double* u, double* out) const;
  void backward_diff(int a, const double* u, double* out) const;
  // out += D+^T w or D-^T w along axis a.
  void add_forward_adjoint(int a, const double* w, double* out) const;
  void add_backward_adjoint(int a, const double* w, double* out) const;
  // out = Lap u, the engine's stencil (symmetric: it is its own adjoint).
  void laplacian(const double* u, double* out) const;
};

}  // namespace wprox::pdhg_hj
