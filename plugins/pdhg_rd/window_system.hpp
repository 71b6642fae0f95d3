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
//
// Every function is one pass over memory per slot and model operator: the
// pointwise part (the window's coupling, the norm, an update) runs inside
// the model's operator on each row it hands over (wprox::RowSink). Norms
// and sums are combined per grid row in a fixed order: the same bits for
// any thread count.
//
// Across ranks (slab.hpp) each function works on this rank's rows of every
// slot: the inputs' halo rows must be current (Slab::exchange_halo), other
// rows are neither read nor written, and norms and sums are combined over
// all ranks in the one-rank order.
#include <vector>

#include <wprox/grid.hpp>
#include <wprox/kinds/pde.hpp>

#include "row_passes.hpp"
#include "slab.hpp"

namespace pdhg_rd {

class WindowSystem {
 public:
  WindowSystem(const wprox::ReactionDiffusionModel& model, const wprox::TensorGrid& grid, int nt, const Slab& slab);

  void set_step(double ht) { ht_ = ht; }
  void set_start(const double* u0) { u0_ = u0; }
  double ht() const { return ht_; }
  int slots() const { return nt_; }
  long slot_size() const { return m_; }
  long size() const { return m_ * nt_; }
  const double* start() const { return u0_; }
  const wprox::ReactionDiffusionModel& model() const { return model_; }
  const Slab& slab() const { return slab_; }

  // F = F(U); returns ||F / ht||_inf (NaN if an entry is NaN), computed in
  // the same pass.
  double residual(const double* U, double* F) const;
  // Slot i of the residual, for solvers that transform it slot by slot:
  // out = F(U)_i, and returns max |F(U)_i| (not divided by ht; NaN if an
  // entry is NaN).
  double residual_slot(int i, const double* U, double* out) const;
  void jacobian_apply(const double* U, const double* V, double* out) const;
  // The primal step of PDHG on slot i: next_i = U_i - tau Pi (DF(U)^T P)_i,
  // with Pi the projection onto mean-free fields for a mass-conserving model
  // (identity otherwise). Reads slots i and i + 1 of P and slot i of U;
  // `next` must not alias U or P. `work` holds slot_size() doubles.
  void descend_slot(int i, const double* U, const double* P, double tau, double* next, double* work) const;

 private:
  const wprox::ReactionDiffusionModel& model_;
  const Slab& slab_;
  long m_, rows_;
  int nt_;
  double ht_ = 0.0;
  const double* u0_ = nullptr;
  // Model scratch and per-row partial results; one window system per run.
  mutable std::vector<double> scratch_, row_part_;
  const RowPasses& passes_;  // this CPU's copy, picked when made
};

}  // namespace pdhg_rd
