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
// X is diagonal in the transform basis, so G^{-1} is, mode by mode, two
// bidiagonal sweeps over the nt slots, and the dual update is linear: the
// dual variable lives in the spectrum (P^, scaled so that its inverse
// transform is P). One iteration is then, per slot: the residual (one
// pass, with its norm), its forward transform, the forward sweep's step on
// the spectrum; and, going back over the slots, the backward sweep's step
// fused with the dual update (one pass over the spectrum), the inverse
// transform of P~^, and DF^T P~ fused with the primal update (a
// mass-conserving model adds one pass that subtracts the mean): nt
// transform pairs, where applying G^{-1} slot by slot in real space costs
// 2 nt - 1 applications. Working slot by slot keeps one slot's arrays in
// cache from one pass to the next.
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
  // Slot i's spectrum, F_i^ (unnormalized) -> Z_i of the forward sweep
  // (the last slot waits for the stopping test).
  void forward_sweep(int i);
  // Slot i's step of the backward sweep fused with the dual step: the slot's
  // spectrum -> P~_i^, P_i^ -> P+_i^ (slots nt - 1 down to 0 in turn).
  void backward_dual(int i);
  // The window's P (or P_good) in real space, every rank's rows in place.
  std::vector<double> dual_field(const AlignedField& spectra) const;
  const WindowSystem& sys_;
  std::shared_ptr<const wprox::SlabTransform> t_;
  std::vector<double> lambda_;
  PdhgSettings s_;
  std::unique_ptr<wprox::BidiagonalPreconditioner> G_;
  long spectrum_ = 0;  // doubles in one slot's spectrum (this rank's share)
  long stride_ = 0;    // between slots' spectra: spectrum_ rounded up to 8 (aligned slots)
  AlignedField P_, P_good_, spectra_;  // nt spectra each
  AlignedField carry_;                 // W_{i+1} of the backward sweep
  AlignedField W_, U_next_, work_;  // real fields
};

}  // namespace pdhg_rd
