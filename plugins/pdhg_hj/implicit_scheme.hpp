#pragma once
// The implicit (backward Euler) upwind scheme of one time step, shared by
// newton-hj and pdhg-hj: its residual, and its linearization at fixed
// controls as sparse matrices.
//
//   F(phi) = (phi - phi0) / dt - eps Lap phi + Hnum(x, t, D+ phi, D- phi)
//
// with the model at the new level's time (the grid's model_time). dt F is a
// monotone map with unit diagonal dominance, so a phi with residual F(phi)
// is within dt ||F(phi)||_inf of the exact solution of F = 0 in the max norm.
//
// For split controls (u, w) (local_model.hpp) with velocities v+ >= 0,
// v- <= 0 the residual of the implicit step is affine in phi,
//   R(phi) = A phi - rhs,
//   A = I/dt - eps Lap - sum_a (v+_a D+_a + v-_a D-_a),
//   rhs = phi0 / dt + ell(u) + ell(w)   (summed over components),
// and at the maximizing controls of phi, R(phi) = F(phi). A has 1/dt plus a
// nonnegative diagonal, nonpositive off-diagonals and row sums 1/dt: a
// strictly diagonally dominant M-matrix, so A^{-1} >= 0 and
// ||A^{-1}||_inf <= dt. It couples each point with its 2 dim grid
// neighbours (the Laplacian's stencil).
//
// control_coupling(): the map from phi to what the controls see, two rows
// per point and component, (Qu_j, Qw_j) = sums of G_aj D+-_a phi (the
// derivative of R with respect to the controls, per unit multiplier).
#include <vector>

#include <Eigen/SparseCore>

#include "hj_grid.hpp"

namespace wprox::pdhg_hj {

using SparseMatrix = Eigen::SparseMatrix<double>;

// dt ||F(phi)||_inf (HUGE_VAL if not finite).
double implicit_residual(const HjGrid& g, double visc, const double* phi0, const double* phi, double dt);

// vp, vm: size x dim velocities of the split.
SparseMatrix upwind_matrix(const HjGrid& g, double visc, double dt, const std::vector<double>& vp,
                           const std::vector<double>& vm);
// (2 dim size) x size: rows 2 (i dim + j) and 2 (i dim + j) + 1 are Qu_j, Qw_j at point i.
SparseMatrix control_coupling(const HjGrid& g);

// Maximizing split controls of phi at every point, their velocities and
// the right-hand side rhs = phi0 / dt + running costs.
struct SplitState {
  std::vector<double> u, w, vp, vm;  // size x dim each
  void resize(const HjGrid& g);
  // u, w := the maximizers at phi; then velocities().
  void maximize(const HjGrid& g, const double* phi);
  void velocities(const HjGrid& g);
  std::vector<double> rhs(const HjGrid& g, const double* phi0, double dt) const;
};

}  // namespace wprox::pdhg_hj
