#pragma once
// One backward-Euler step of phi_t + H(x, t, grad phi) = eps Lap phi by
// policy iteration (Howard's algorithm; Newton's method on the upwind
// scheme, whose Hamiltonian is a maximum of affine functions of phi):
//
//   repeat: (u, w) = the maximizing split controls at phi;
//           phi = A(u, w)^{-1} rhs(u, w)        (implicit_scheme.hpp)
//   until dt ||F(phi)||_inf <= tol.
//
// F is convex and monotone with M-matrix Jacobians A, so from any start the
// iterates after the first are supersolutions that decrease monotonically
// to the solution: the method needs no step size and no line search, and
// converges superlinearly (finitely for the piecewise linear Hamiltonian of
// a box cost). Same discrete system as pdhg-hj and explicit-hj: only the
// solver of F = 0 differs.
//
// Linear solves: 1-D by the O(n) cyclic band solver, exactly; multi-D by
// BiCGSTAB with a spectral preconditioner (linear_solvers.hpp) to a
// relative tolerance tied to the current residual (an inexact Newton
// method: the last solve is accurate to a tenth of tol), falling back to a
// sparse LU factorization if BiCGSTAB fails.
//
// max_iter iterations without reaching tol throws RunError.
#include <memory>
#include <vector>

#include "hj_grid.hpp"
#include "implicit_scheme.hpp"
#include "linear_solvers.hpp"

namespace wprox::pdhg_hj {

struct NewtonSettings {
  double tol = 1e-6;  // on dt ||F(phi)||_inf
  long max_iter = 50;
};

struct NewtonStats {
  long iterations = 0;         // policy iterations (linear solves)
  long linear_iterations = 0;  // BiCGSTAB iterations, all solves (0 in 1-D)
  double residual = 0.0;       // dt ||F(phi)||_inf at the returned phi
};

class NewtonImplicitStep {
 public:
  NewtonImplicitStep(const HjGrid& grid, double visc, NewtonSettings settings);
  // phi0: the previous level; phi: in = starting guess, out = the new level.
  NewtonStats solve(const std::vector<double>& phi0, double dt, std::vector<double>& phi, long step_number);

 private:
  double max_speed() const;  // largest |v+-| of the current split

  const HjGrid& grid_;
  double visc_;
  NewtonSettings set_;
  SplitState split_;
  DirectSolver direct_;
  std::unique_ptr<KrylovSolver> krylov_;  // multi-D
};

}  // namespace wprox::pdhg_hj
