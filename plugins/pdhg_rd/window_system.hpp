#pragma once
// The backward-Euler window of docs/reaction-diffusion.md for one reaction–diffusion
// model: nt slots U = (U_1, ..., U_nt) of one field each, after the state u0,
//
//   F(U)_i   = U_i - U_{i-1} - ht rhs(U_i)            (U_0 = u0)
//   DF(U) V  = V_i - V_{i-1} - ht J(U_i) V_i           (V_0 = 0)
//   DF(U)^T P = P_i - P_{i+1} - ht J(U_i)^T P_i        (P_{nt+1} = 0)
//
// and the solvers' stopping measure ||F(U) / ht||_inf. Both solvers use this
// one object, so they solve the same discrete system to the same rule.
// Arrays are nt * n * n doubles; `u0` is borrowed and must outlive the calls.
#include <vector>

#include <wprox/kinds/pde.hpp>

namespace pdhg_rd {

class WindowSystem {
 public:
  WindowSystem(const wprox::ReactionDiffusionModel& model, long slot_size, int nt);

  void set_step(double ht) { ht_ = ht; }
  void set_start(const double* u0) { u0_ = u0; }
  double ht() const { return ht_; }
  int slots() const { return nt_; }
  long slot_size() const { return m_; }
  long size() const { return m_ * nt_; }
  const double* start() const { return u0_; }
  const wprox::ReactionDiffusionModel& model() const { return model_; }

  // F = F(U); returns ||F / ht||_inf (NaN if an entry is NaN), computed in
  // the same pass.
  double residual(const double* U, double* F) const;
  void jacobian_apply(const double* U, const double* V, double* out) const;
  // The primal step of PDHG, fused: U -= tau * Pi DF(U)^T P, with Pi the
  // projection onto mean-free slots for a mass-conserving model (identity
  // otherwise). `work` holds size() doubles.
  void descend(double* U, const double* P, double tau, double* work) const;

 private:
  const wprox::ReactionDiffusionModel& model_;
  long m_;
  int nt_;
  double ht_ = 0.0;
  const double* u0_ = nullptr;
  mutable std::vector<double> scratch_;  // model scratch; one window system per run
};

}  // namespace pdhg_rd
