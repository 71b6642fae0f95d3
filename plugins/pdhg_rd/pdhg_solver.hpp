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
//
// One iteration is 2 nt - 1 spectral applications and, per slot, one pass
// over memory for each of: the residual (fused with its norm and the forward
// sweep's addition), the dual update (fused with the backward sweep's
// addition), and DF^T P~ (fused with the primal update; a mass-conserving
// model adds one pass that subtracts the mean). The sweeps of G^{-1} are
// interleaved with these passes slot by slot; the last slot's forward step
// waits for the stopping test, so a window's last iteration does nt - 1
// applications that the next one does not use.
#include <memory>
#include <vector>

#include "aligned_buffer.hpp"
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
  PdhgSolver(const WindowSystem& sys, std::shared_ptr<const wprox::SlabTransform> t,
             std::vector<double> laplacian_symbol, PdhgSettings s);
  void set_step(double ht) override;
  SolveStats solve(double* U) override;
  void discard_last() override { P_ = P_good_; }
  void save_state(wprox::StateWriter& w) const override;
  void load_state(const wprox::StateReader& r) override;

 private:
  // Slot i of the dual update, given W_i = (G^{-1} F)_i: P_i <- P+_i,
  // W_i <- P~_i, and (i > 0) pre <- W_i + W_{i-1}, the next backward step's
  // input (W_{i-1} holds Z_{i-1} of the forward sweep).
  void dual_slot(int i);
  const WindowSystem& sys_;
  std::shared_ptr<const wprox::SlabTransform> t_;
  std::vector<double> lambda_;
  PdhgSettings s_;
  std::unique_ptr<wprox::BidiagonalPreconditioner> G_;
  AlignedField P_, P_good_, W_, U_next_, pre_, work_;
};

}  // namespace pdhg_rd
