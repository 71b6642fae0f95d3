#pragma once
// Preconditioned primal-dual hybrid gradient for F(U) = 0 (docs/reaction-diffusion.md),
// the saddle problem min_U max_P <P, F(U)> - (eps_r / 2) ||P||_G^2:
//
//   P+ = (P + tau_P G^{-1} F(U)) / (1 + tau_P eps_r)
//   P~ = P+ + omega (P+ - P)
//   U+ = U - tau_U DF(U)^T P~
//
// with G = M M^T from wprox::BidiagonalPreconditioner. For a mass-conserving
// model the primal step is projected onto mean-free slots (the solution lies
// in the affine set of states with the start's mass, and the projection
// keeps every iterate there, so mass is conserved to round-off). The dual
// variable is warm-started from the previous window.
#include <memory>
#include <vector>

#include "bidiagonal_preconditioner.hpp"

#include "window_solver.hpp"

namespace pdhg_rd {

struct PdhgSettings {
  double tau_p = 0.95, tau_u = 0.55, omega = 1.0, eps_r = 0.1;
  double tol = 1e-6;
  long max_iter = 10000;
};

class PdhgSolver : public WindowSolver {
 public:
  PdhgSolver(const WindowSystem& sys, std::shared_ptr<const wprox::SpectralTransform> t,
             std::vector<double> laplacian_symbol, PdhgSettings s);
  void set_step(double ht) override;
  SolveStats solve(double* U) override;
  void discard_last() override { P_ = P_good_; }

 private:
  // Given F = F(U): dual update, extrapolation, primal update.
  void update(double* U);
  const WindowSystem& sys_;
  std::shared_ptr<const wprox::SpectralTransform> t_;
  std::vector<double> lambda_;
  PdhgSettings s_;
  std::unique_ptr<wprox::BidiagonalPreconditioner> G_;
  std::vector<double> P_, P_good_, F_, GF_, grad_;
};

}  // namespace pdhg_rd
