#pragma once
// The tensor grid of an "hj" problem (1-D, 2-D or 3-D, see the grid
// convention in wprox/kinds/hj.hpp) with one-sided differences, their
// adjoints and the Laplacian, and the problem's control model evaluated at
// every point for one time.
//
// Layout: row-major, the last axis fastest (engine TensorGrid).
// One-sided differences along axis a, with h = h[a]:
//   D+ u (j) = (u(next) - u(j)) / h,   D- u (j) = (u(j) - u(prev)) / h
// where next / prev wrap on a periodic axis; on a Neumann axis the reflected
// ghost value equals the boundary value, so D+ = 0 at the last point and
// D- = 0 at the first. The Laplacian is sum_a (D+ - D-) / h_a (3-, 5- or
// 7-point stencil with the same reflection), which the spectral transform
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
  std::vector<double> points;                 // size x dim, row-major coordinates
  std::vector<long> next[kMaxDim], prev[kMaxDim];  // neighbour indices along each axis, -1 if none
  std::vector<HjLocalModel> model;            // one per point, at model_time
  double model_time = 0.0;
  double inv_h[kMaxDim] = {1, 1, 1};          // 1 / h per axis

  // n[a] >= 2 for a < dim (the rest ignored); InputError otherwise. The
  // model is evaluated at t = 0.
  HjGrid(const HjProblem& problem, const int* n);

  // The model at time-to-go t: evaluated again only when the problem is
  // time dependent and t differs from model_time.
  void set_time(const HjProblem& problem, double t);

  // Points on axis a (1 for a >= dim).
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
    const double inv = inv_h[a];
    return {nx >= 0 ? (u[nx] - u[i]) * inv : 0.0, pv >= 0 ? (u[i] - u[pv]) * inv : 0.0};
  }
  // All axes at once: pp[a] = D+_a u, pm[a] = D-_a u at point i; returns
  // the Laplacian sum_a (pp[a] - pm[a]) / h_a there.
  double all_slopes(long i, const double* u, double* pp, double* pm) const {
    double lap = 0.0;
    for (int a = 0; a < dim; ++a) {
      const Slopes s = slopes(a, i, u);
      pp[a] = s.plus;
      pm[a] = s.minus;
      lap += (s.plus - s.minus) * inv_h[a];
    }
    return lap;
  }

  // out = D+ u or D- u along axis a (every point).
  void forward_diff(int a, const double* u, double* out) const;
  void backward_diff(int a, const double* u, double* out) const;
  // out += D+^T w or D-^T w along axis a.
  void add_forward_adjoint(int a, const double* w, double* out) const;
  void add_backward_adjoint(int a, const double* w, double* out) const;
  // out = Lap u, the engine's stencil (symmetric: it is its own adjoint).
  void laplacian(const double* u, double* out) const;

 private:
  void evaluate(const HjProblem& problem, double t);
};

}  // namespace wprox::pdhg_hj
