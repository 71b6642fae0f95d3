#include "pdhg_solver.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

#include "row_passes.hpp"

namespace pdhg_rd {

PdhgSolver::PdhgSolver(const WindowSystem& sys, std::shared_ptr<const wprox::SlabTransform> t,
                       std::vector<double> laplacian_symbol, PdhgSettings s)
    : sys_(sys), t_(std::move(t)), lambda_(std::move(laplacian_symbol)), s_(s), spectrum_(t_->spectrum_size()), stride_((spectrum_ + 7) / 8 * 8) {
  const std::size_t n = std::size_t(sys.size()), m = std::size_t(sys.slot_size());
  const std::size_t spectra = std::size_t(stride_) * std::size_t(sys.slots());
  P_.assign(spectra, 0.0);
  P_good_.assign(spectra, 0.0);
  spectra_.resize(spectra);
  W_.resize(n);
  U_next_.resize(n);
  work_.resize(m);
  carry_.resize(std::size_t(stride_));
}

std::vector<double> PdhgSolver::dual_field(const AlignedField& spectra) const {
  const int nt = sys_.slots();
  const long m = sys_.slot_size();
  const Slab& slab = sys_.slab();
  std::vector<double> all(std::size_t(m) * std::size_t(nt), 0.0);
  AlignedField spec(static_cast<std::size_t>(spectrum_)), slot(static_cast<std::size_t>(m));
  for (int i = 0; i < nt; ++i) {
    std::copy(spectra.begin() + i * stride_, spectra.begin() + i * stride_ + spectrum_, spec.begin());
    t_->inverse(spec.data(), slot.data() + slab.offset());
    std::copy(slot.begin() + slab.offset(), slot.begin() + slab.offset() + slab.count(),
              all.begin() + i * m + slab.offset());
    if (slab.distributed()) slab.gather_field(all.data() + i * m);
  }
  return all;
}

// The checkpoint holds P in real space, every rank's rows (what a run on
// any number of ranks can read back), and, from a one-rank run, the spectra
// themselves, so that a one-rank resume continues with the same bits.
// Collective under several ranks (every rank writes the same state; the
// host keeps rank 0's).
void PdhgSolver::save_state(wprox::StateWriter& w) const {
  const std::vector<double> P = dual_field(P_), P_good = dual_field(P_good_);
  w.array("pdhg.P", {P.size()}, P.data());
  w.array("pdhg.P_good", {P_good.size()}, P_good.data());
  if (!sys_.slab().distributed()) {
    w.array("pdhg.P_spectrum", {P_.size()}, P_.data());
    w.array("pdhg.P_good_spectrum", {P_good_.size()}, P_good_.data());
  }
}

namespace {
// The entry `name` into spectra when the checkpoint holds it and this run
// can use it (one rank: the layout it was written in); InputError when it
// is there but the wrong size (a malformed checkpoint, not a layout change).
bool read_spectra(const wprox::StateReader& r, const std::string& name, bool distributed, AlignedField& spectra) {
  if (distributed || !r.has(name)) return false;
  const wprox::NpyArray a = r.array(name);
  WPROX_REQUIRE(a.data.size() == spectra.size(), wprox::InputError,
                "checkpoint entry '" << name << "' has " << a.data.size() << " values, the window's spectra "
                                     << spectra.size());
  std::copy(a.data.begin(), a.data.end(), spectra.begin());
  return true;
}
}  // namespace

void PdhgSolver::load_state(const wprox::StateReader& r) {
  const Slab& slab = sys_.slab();
  const int nt = sys_.slots();
  const long m = sys_.slot_size();
  const double scale = t_->scale();
  auto load = [&](const std::string& name, AlignedField& spectra) {
    if (read_spectra(r, name + "_spectrum", slab.distributed(), spectra)) return;
    const wprox::NpyArray a = r.array(name);
    WPROX_REQUIRE(a.data.size() == std::size_t(m) * std::size_t(nt), wprox::InputError,
                  "checkpoint entry '" << name << "' has " << a.data.size() << " values, the window "
                                       << std::size_t(m) * std::size_t(nt));
    AlignedField slot(static_cast<std::size_t>(m));
    for (int i = 0; i < nt; ++i) {
      std::copy(a.data.begin() + i * m, a.data.begin() + (i + 1) * m, slot.begin());
      double* spec = spectra.data() + i * stride_;
      t_->forward(slot.data() + slab.offset(), spec);
      for (long v = 0; v < spectrum_; ++v) spec[v] *= scale;
    }
  };
  load("pdhg.P", P_);
  load("pdhg.P_good", P_good_);
}

void PdhgSolver::set_step(double ht) {
  std::vector<double> xhat(lambda_.size());
  for (std::size_t k = 0; k < xhat.size(); ++k) xhat[k] = sys_.model().implicit_symbol(lambda_[k], ht);
  G_ = std::make_unique<wprox::BidiagonalPreconditioner>(t_, xhat, sys_.slots());
}

namespace {
// body(v0, v1) over this rank's spectrum values in parallel blocks.
template <class Body>
void for_values(long count, Body body) {
  // ~32768 values (a few microseconds of work) per task: a shorter task
  // costs more to hand to a second thread than it saves.
  constexpr long kBlock = 32768;
  wprox::parallel_for(
      (count + kBlock - 1) / kBlock,
      [&](long b0, long b1) { body(b0 * kBlock, std::min(count, b1 * kBlock)); }, 1);
}
}  // namespace

void PdhgSolver::forward_sweep(int i) {
  const int last = sys_.slots() - 1;
  if (i == last) return;  // X^{-2} on the last slot waits for the stopping test
  double* x = spectra_.data() + i * stride_;
  const double* prev = i > 0 ? x - stride_ : nullptr;
  const double* a = G_->symbol_values(1);
  const RowPasses& pass = row_passes();
  for_values(spectrum_, [&](long v0, long v1) { pass.sweep(a + v0, prev ? prev + v0 : nullptr, x + v0, v1 - v0); });
}

void PdhgSolver::backward_dual(int i) {
  const int last = sys_.slots() - 1;
  // P^ is the scaled spectrum and F^ the unnormalized one: the dual step
  // takes the transform's scale with tau_p.
  const double tau_p = s_.tau_p * t_->scale(), omega = s_.omega, shrink = 1.0 / (1.0 + s_.tau_p * s_.eps_r);
  double* x = spectra_.data() + i * stride_;
  double* P = P_.data() + i * stride_;
  double* carry = carry_.data();
  // Slot nt: W = X^{-2}(Z_{nt-1} + Y_nt); slot i < nt: W = X^{-1}(W_{i+1} + Z_i),
  // W_{i+1} kept in `carry` (the slot itself then holds P~^).
  const double* a = G_->symbol_values(i == last ? 2 : 1);
  const double* prev = i == last ? (i > 0 ? x - stride_ : nullptr) : carry;
  double* keep = i > 0 ? carry : nullptr;
  const RowPasses& pass = row_passes();
  for_values(spectrum_, [&](long v0, long v1) {
    pass.sweep_dual(a + v0, prev ? prev + v0 : nullptr, x + v0, keep ? keep + v0 : nullptr, P + v0, tau_p, omega,
                    shrink, v1 - v0);
  });
}

SolveStats PdhgSolver::solve(double* U) {
  const int nt = sys_.slots();
  const long m = sys_.slot_size(), n = sys_.size(), S = stride_;
  const Slab& slab = sys_.slab();
  const long off = slab.offset();
  double* W = W_.data();
  double* F = spectra_.data();
  // The iterate alternates between U and U_next_: the primal step reads U_i
  // while it writes the next iterate.
  double* cur = U;
  double* next = U_next_.data();
  SolveStats st;
  for (long it = 0;; ++it) {
    double r = 0.0;
    for (int i = 0; i < nt; ++i) slab.exchange_halo(cur + i * m);
    for (int i = 0; i < nt; ++i) {
      // Slot i of W holds the residual until the backward pass writes P~_i
      // there: one field less in cache.
      double* res = W + i * m;
      const double ri = sys_.residual_slot(i, cur, res);
      r = std::isnan(r) || !(ri > r || std::isnan(ri)) ? r : ri;  // NaN, once seen, stays
      if (i + 1 == nt) break;  // the last slot's transform waits for the stopping test
      t_->forward(res + off, F + i * S);
      forward_sweep(i);
    }
    st.residual = r / sys_.ht();
    st.iterations = it;
    const bool stop = !std::isfinite(st.residual) || st.residual < s_.tol || it == s_.max_iter;
    if (stop) {
      if (cur != U) std::copy(cur, cur + n, U);
      if (!std::isfinite(st.residual)) {
        st.why = "the iterate is not finite";
      } else if (st.residual < s_.tol) {
        st.converged = true;
        P_good_ = P_;
      } else {
        std::ostringstream os;
        os << "no convergence within max_iter = " << s_.max_iter << " iterations";
        st.why = os.str();
      }
      return st;
    }
    t_->forward(W + (nt - 1) * m + off, F + (nt - 1) * S);
    // The backward sweep with the dual step, slot by slot, and the primal
    // step of each slot once P~ is known on it and on the slot after it.
    for (int i = nt - 1; i >= 0; --i) {
      backward_dual(i);
      t_->inverse(F + i * S, W + i * m + off);
      slab.exchange_halo(W + i * m);  // DF^T reads P~_i around the slab
      sys_.descend_slot(i, cur, W, s_.tau_u, next, work_.data());
    }
    std::swap(cur, next);
  }
}

}  // namespace pdhg_rd
