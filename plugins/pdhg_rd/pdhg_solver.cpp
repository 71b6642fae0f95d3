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
    : sys_(sys), t_(std::move(t)), lambda_(std::move(laplacian_symbol)), s_(s) {
  const std::size_t n = std::size_t(sys.size()), m = std::size_t(sys.slot_size());
  P_.assign(n, 0.0);
  P_good_.assign(n, 0.0);
  W_.resize(n);
  U_next_.resize(n);
  pre_.resize(m);
  work_.resize(m);
}

namespace {
// The window's slots with every rank's slab rows in place: what one rank
// holds (and a checkpoint records) after a run on one rank.
std::vector<double> whole_window(const AlignedField& f, const Slab& slab, int slots, long slot_size) {
  std::vector<double> all(f.begin(), f.end());
  if (slab.distributed())
    for (int i = 0; i < slots; ++i) slab.gather_field(all.data() + i * slot_size);
  return all;
}
}  // namespace

// Collective under several ranks (every rank writes the same state; the
// host keeps rank 0's).
void PdhgSolver::save_state(wprox::StateWriter& w) const {
  const std::vector<double> P = whole_window(P_, sys_.slab(), sys_.slots(), sys_.slot_size());
  const std::vector<double> P_good = whole_window(P_good_, sys_.slab(), sys_.slots(), sys_.slot_size());
  w.array("pdhg.P", {P.size()}, P.data());
  w.array("pdhg.P_good", {P_good.size()}, P_good.data());
}

namespace {
void read_field(const wprox::StateReader& r, const std::string& name, AlignedField& f) {
  const wprox::NpyArray a = r.array(name);
  WPROX_REQUIRE(a.data.size() == f.size(), wprox::InputError,
                "checkpoint entry '" << name << "' has " << a.data.size() << " values, the window " << f.size());
  std::copy(a.data.begin(), a.data.end(), f.begin());
}
}  // namespace

void PdhgSolver::load_state(const wprox::StateReader& r) {
  read_field(r, "pdhg.P", P_);
  read_field(r, "pdhg.P_good", P_good_);
}

void PdhgSolver::set_step(double ht) {
  std::vector<double> xhat(lambda_.size());
  for (std::size_t k = 0; k < xhat.size(); ++k) xhat[k] = sys_.model().implicit_symbol(lambda_[k], ht);
  G_ = std::make_unique<wprox::BidiagonalPreconditioner>(t_, xhat, sys_.slots());
}

void PdhgSolver::dual_slot(int i) {
  const long m = sys_.slot_size(), off = sys_.slab().offset();
  const double tau_p = s_.tau_p, omega = s_.omega, shrink = 1.0 / (1.0 + s_.tau_p * s_.eps_r);
  // This rank's slab of slot i.
  double* P = P_.data() + i * m + off;
  double* W = W_.data() + i * m + off;
  const double* Z = i > 0 ? W - m : nullptr;
  double* pre = pre_.data() + off;
  const RowPasses& pass = row_passes();
  wprox::parallel_for(
      sys_.slab().count(),
      [=, &pass](long a, long b) {
        pass.dual(P + a, W + a, Z ? Z + a : nullptr, pre + a, tau_p, omega, shrink, b - a);
      },
      8192);
}

SolveStats PdhgSolver::solve(double* U) {
  const int nt = sys_.slots();
  const long m = sys_.slot_size(), n = sys_.size();
  double* W = W_.data();
  double* pre = pre_.data();
  // The iterate alternates between U and U_next_: the primal step reads U_i
  // while it writes the next iterate.
  double* cur = U;
  double* next = U_next_.data();
  SolveStats st;
  for (long it = 0;; ++it) {
    // The residual, slot by slot, fused with the forward sweep of G^{-1}:
    // Z_i = X^{-1}(Z_{i-1} + F_i), the last slot X^{-2} (after the test).
    double r = 0.0;
    const Slab& slab = sys_.slab();
    for (int i = 0; i < nt; ++i) slab.exchange_halo(cur + i * m);
    for (int i = 0; i < nt; ++i) {
      const double ri = sys_.residual_slot(i, cur, pre, i > 0 ? W + (i - 1) * m : nullptr);
      r = std::isnan(r) || !(ri > r || std::isnan(ri)) ? r : ri;  // NaN, once seen, stays
      if (i + 1 < nt) G_->apply_x_inverse(pre, W + i * m, 1);
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
    G_->apply_x_inverse(pre, W + (nt - 1) * m, 2);
    // The backward sweep W_i = X^{-1}(W_{i+1} + Z_i) fused with the dual
    // update, and the primal step of each slot once P~ is known on it and on
    // the slot after it.
    for (int i = nt - 1; i >= 0; --i) {
      dual_slot(i);
      slab.exchange_halo(W + i * m);  // DF^T reads P~_i around the slab
      if (i > 0) G_->apply_x_inverse(pre, W + (i - 1) * m, 1);
      sys_.descend_slot(i, cur, W, s_.tau_u, next, work_.data());
    }
    std::swap(cur, next);
  }
}

}  // namespace pdhg_rd
