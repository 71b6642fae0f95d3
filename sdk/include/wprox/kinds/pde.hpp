#pragma once
// Problems of kind "pde": a reaction–diffusion model u_t = rhs(u) on a 2-D
// TensorGrid (periodic or Neumann on each axis), with an initial field, a final time and
// the times at which snapshots are wanted.
//
// Split of responsibilities:
//  - the problem (a plugin) owns the model: the discrete right-hand side, its
//    Jacobian products, its energy, and the Fourier/cosine symbol of its
//    one-step implicit operator linearized at the pure phases (the X^ of the
//    preconditioner). Only the model knows its equation.
//  - a method (a plugin) owns time stepping and the nonlinear solver: it sees
//    the model only through ReactionDiffusionModel and never by name.
//
// Arrays are fields on grid() (grid().size() doubles, row-major as in wprox::Field).
// The operators (rhs, J v, J^T p) hand their values to the caller one grid
// row at a time (RowSink) instead of storing them, so that a solver fuses its
// own pointwise work (a residual and its norm, an update) into the pass that
// computes them: the memory traffic of an iteration is then one pass per
// operator. A sink may carry a RowUpdate, which a model either does in its
// own loop (put_updated) or leaves to the sink (put); a model that does it
// itself may regroup put()'s formula for speed (the results then agree with
// put()'s to rounding, not bit for bit), but gives the same bits for any
// thread count and row range. rhs(), jacobian_apply() and
// jacobian_transpose_apply() store the rows, for callers that want whole
// fields.
//
// Implementer contract for ReactionDiffusionModel: every function is const,
// may run pointwise/stencil loops in parallel (wprox::parallel_for) but must
// give the same bits for any thread count (no parallel floating-point
// reductions except through wprox::deterministic_sum), and may use the
// caller's scratch memory (scratch_fields() fields) and memory of its own
// that it allocates per call, and nothing else that is mutable, so that one
// model can serve several runs at once.
// Kind version 5 (4 had no RowUpdate::row_max; 3 had no RowUpdate: models called take() and solvers did
// their pointwise work in a second loop over each row; 2 had no row range on
// RowSink; 1 stored whole fields: rhs, jacobian_apply and
// jacobian_transpose_apply were the virtual functions).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "wprox/grid.hpp"
#include "wprox/problem.hpp"

namespace wprox {

// A pointwise update that a solver asks the model to do in the loop that
// computes an operator's rows, so that the operator's values are never
// stored and read back:
//
//   dest[c] = base[c] + coef * (plus[c] - minus[c] - h * op[c])
//
// for the cells c of every row handed over, with base and minus optional
// (nullptr: the term is absent; without base the result is
// coef * (plus - minus - h op)). Fields are whole-grid arrays; dest may not
// alias the operator's inputs. What the time-implicit solvers need has this
// shape: a residual u_i - u_{i-1} - h rhs(u_i), a Jacobian row of the
// window v_i - v_{i-1} - h J v_i, a primal step u - tau (p - q - h J^T p).
struct RowUpdate {
  double* dest = nullptr;
  const double* base = nullptr;
  const double* plus = nullptr;
  const double* minus = nullptr;
  double coef = 1.0, h = 0.0;
  // When set: row_max[row] = the largest |dest[c]| over the row's cells (a
  // NaN when one of them is NaN) for every row handed over, taken by whoever
  // writes the row (put(), or the model's loop) while it is in registers: a
  // solver's stopping test without a second pass.
  double* row_max = nullptr;
};

// max_k |x_k|, or a NaN when an entry is NaN, exact in any order: with the
// sign bit cleared, the bit patterns of doubles order as signed integers do
// and every NaN lies above +inf, so an integer maximum (which vectorizes)
// gives it.
inline std::int64_t abs_order_bits(double x) {
  std::int64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b & std::numeric_limits<std::int64_t>::max();
}
inline double double_of_bits(std::int64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
inline double row_max_abs(const double* x, long n) {
  std::int64_t m = 0;
  for (long k = 0; k < n; ++k) m = std::max(m, abs_order_bits(x[k]));
  return double_of_bits(m);
}

// Receives an operator's values one grid row at a time: a model hands row
// `row` of the grid (row i of a 2-D grid is the cells i * n(1) ... (i + 1) *
// n(1) - 1, [begin, end)) over with put(), or, when it did the sink's
// update() itself, with put_updated(). Every row is handed over exactly once,
// in any order and possibly from several threads at once, so take() writes
// only to the cells of its row (and to per-row slots, such as a partial sum
// indexed by `row`); `values` is valid during the call only.
//
// A sink may want only the rows [first_row(), end_row()) (a rank's slab of a
// field split across ranks, see wprox/slab_transform.hpp): a model then
// computes just those, reading its inputs at most order() / 2 rows beyond
// them (the caller keeps those halo rows valid; other rows may hold
// anything). A model that ignores the wish stays correct, only slower: the
// caller drops rows it did not ask for.
class RowSink {
 public:
  virtual ~RowSink() = default;
  long first_row() const { return first_row_; }
  long end_row() const { return end_row_; }
  void want_rows(long first, long end) {
    first_row_ = first;
    end_row_ = end;
  }
  // The update the sink wants done on its rows, or nullptr.
  const RowUpdate* update() const { return update_ ? &upd_ : nullptr; }
  void set_update(const RowUpdate& u) {
    upd_ = u;
    update_ = true;
  }

  // The operator's values on a row: the sink applies its update (if any) and
  // takes the result.
  void put(long row, long begin, long end, const double* op) const {
    if (!update_) {
      take(row, begin, end, op);
      return;
    }
    const long n = end - begin;
    double* d = upd_.dest + begin;
    const double* p = upd_.plus + begin;
    const double* m = upd_.minus ? upd_.minus + begin : nullptr;
    const double* b = upd_.base ? upd_.base + begin : nullptr;
    const double c = upd_.coef, h = upd_.h;
    for (long k = 0; k < n; ++k) {
      const double t = c * ((m ? p[k] - m[k] : p[k]) - h * op[k]);
      d[k] = b ? b[k] + t : t;
    }
    if (upd_.row_max) upd_.row_max[row] = row_max_abs(d, n);
    take(row, begin, end, d);
  }
  // The row of update()->dest the model has written with the update (and
  // row_max[row], when the update asks for it).
  void put_updated(long row, long begin, long end) const { take(row, begin, end, upd_.dest + begin); }

 protected:
  // What the sink does with a row's final values.
  virtual void take(long row, long begin, long end, const double* values) const = 0;

 private:
  long first_row_ = 0;
  long end_row_ = std::numeric_limits<long>::max();
  RowUpdate upd_;
  bool update_ = false;
};

// A RowSink from a callable f(row, begin, end, values).
template <class F>
class RowSinkFn final : public RowSink {
 public:
  explicit RowSinkFn(F f) : f_(std::move(f)) {}

 protected:
  void take(long row, long begin, long end, const double* values) const override { f_(row, begin, end, values); }

 private:
  F f_;
};
template <class F>
RowSinkFn<F> row_sink(F f) {
  return RowSinkFn<F>(std::move(f));
}

class ReactionDiffusionModel {
 public:
  virtual ~ReactionDiffusionModel() = default;

  // Highest order of spatial derivatives in rhs: 2 (Allen–Cahn), 4
  // (Cahn–Hilliard), 6 (functionalized Cahn–Hilliard). Solvers use it to pick
  // step sizes that depend on the stiffness.
  virtual int order() const = 0;
  // True when sum_i rhs(u)_i = 0 for every u (rhs is a discrete divergence):
  // the total mass h^2 sum u is then an invariant that solvers must keep.
  virtual bool conserves_mass() const = 0;
  // How many n*n scratch fields the functions below need.
  virtual int scratch_fields() const = 0;

  // rhs(u), row by row.
  virtual void rhs_rows(const double* u, const RowSink& out, double* scratch) const = 0;
  // J(u) v with J the Jacobian of rhs at u (exact, not a difference
  // quotient), row by row.
  virtual void jacobian_rows(const double* u, const double* v, const RowSink& out, double* scratch) const = 0;
  // J(u)^T p (transpose in the Euclidean inner product of R^{n*n}), row by row.
  virtual void jacobian_transpose_rows(const double* u, const double* p, const RowSink& out, double* scratch) const = 0;

  // The same operators stored as whole fields: out = rhs(u), out = J(u) v,
  // out = J(u)^T p. out must not alias an input.
  void rhs(const double* u, double* out, double* scratch) const { rhs_rows(u, Store(out), scratch); }
  void jacobian_apply(const double* u, const double* v, double* out, double* scratch) const {
    jacobian_rows(u, v, Store(out), scratch);
  }
  void jacobian_transpose_apply(const double* u, const double* p, double* out, double* scratch) const {
    jacobian_transpose_rows(u, p, Store(out), scratch);
  }

  // X^(lambda): the symbol of I - ht * J linearized at the pure phases u = ±1
  // (and at mean coefficients), as a function of the 5-point Laplacian
  // eigenvalue lambda <= 0. Must be > 0 for every lambda of the grid.
  virtual double implicit_symbol(double lambda, double ht) const = 0;
  // The discrete free energy whose (weighted) gradient flow rhs is, in the
  // same discretization (forward-difference gradients), so that backward
  // Euler with small enough steps never increases it.
  virtual double energy(const double* u, double* scratch) const = 0;

 private:
  class Store final : public RowSink {
   public:
    explicit Store(double* out) : out_(out) {}

   protected:
    void take(long, long begin, long end, const double* values) const override {
      std::memcpy(out_ + begin, values, sizeof(double) * static_cast<std::size_t>(end - begin));
    }

   private:
    double* out_;
  };
};

// Settings of the authors' examples that depend on the problem rather than
// on the solver: methods use them for parameters the user leaves unset.
struct PdeStepHints {
  double ht = 1e-3;       // time step
  int nt = 1;             // implicit steps solved together
  bool adaptive = false;  // adaptive step control
  double ht_max = 0.0;    // cap for adaptive growth (0: no cap beyond ht)
  // Start-up: windows before t = startup_time use steps of at most
  // ht_first; after it the cap doubles each window until ht is reached
  // (0: no start-up). For a start far from the states the preconditioner is
  // built at (e.g. Allen-Cahn's spinodal region, where W'' < 0 and I - ht J
  // is nearly singular once ht ~ eps).
  double ht_first = 0.0;
  double startup_time = 0.0;
};

class PdeProblem : public Problem {
 public:
  static constexpr const char* kKind = "pde";
  static constexpr int kVersion = 5;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  PdeProblem(std::string name, TensorGrid grid, std::shared_ptr<const ReactionDiffusionModel> model, Field initial,
             double t_final, std::vector<double> snapshot_times, PdeStepHints hints)
      : name_(std::move(name)),
        grid_(grid),
        model_(std::move(model)),
        initial_(std::move(initial)),
        t_final_(t_final),
        snapshots_(std::move(snapshot_times)),
        hints_(hints) {}

  std::string name() const override { return name_; }
  const TensorGrid& grid() const { return grid_; }
  const ReactionDiffusionModel& model() const { return *model_; }
  // Shared ownership, for runs that must not depend on the problem's lifetime.
  std::shared_ptr<const ReactionDiffusionModel> model_ptr() const { return model_; }
  const Field& initial() const { return initial_; }
  double t_final() const { return t_final_; }
  // Sorted, inside [0, t_final]; the problem validated them.
  const std::vector<double>& snapshot_times() const { return snapshots_; }
  const PdeStepHints& hints() const { return hints_; }

 private:
  std::string name_;
  TensorGrid grid_;
  std::shared_ptr<const ReactionDiffusionModel> model_;
  Field initial_;
  double t_final_;
  std::vector<double> snapshots_;
  PdeStepHints hints_;
};

}  // namespace wprox
