// prox_{tau V} row by row (see wprox/potential_prox.hpp).
#include "wprox/potential_prox.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

namespace wprox {
namespace {

struct RowOutcome {
  long iterations = 0;
  double residual = 0.0;  // |F(z)|_2 / max(1, |y|_2)
  bool converged = false;
};

// One row's Newton/BFGS iteration on the prox objective
// phi(z) = V(z) + |z - y|^2 / (2 tau), whose residual is
// F(z) = z + tau grad V(z) - y = tau grad phi(z).
struct Row {
  Vector y, z, gradV, F, zt, gradVt, Ft, dir;
  Matrix Binv;  // BFGS inverse Hessian of phi
  double scale = 1, phi = 0, phit = 0, slope = 0, fnorm = 0, t = 1;
  int halvings = 0;
  bool has_hessian = false, active = true, searching = false;
  RowOutcome out;
};

// The rows are iterated in lockstep so that V is asked for all of them at
// once (one evaluate_batch() per iteration and per backtracking round);
// every row's arithmetic is exactly that of solving it alone.
class LockstepProx {
 public:
  LockstepProx(const Potential& V, const Particles& y, double tau, const PotentialProxOptions& opt)
      : V_(V), tau_(tau), opt_(opt), rows_(std::size_t(y.rows())), d_(y.cols()) {
    for (long i = 0; i < y.rows(); ++i) {
      Row& r = rows_[std::size_t(i)];
      r.y = y.row(i).transpose();
      r.scale = std::max(1.0, r.y.norm());
      r.Binv = Matrix::Identity(d_, d_) * tau_;
    }
  }

  void solve() {
    start();
    for (;;) {
      check_rows();
      std::vector<long> act = rows_where([](const Row& r) { return r.active; });
      if (act.empty()) return;
      directions(act);
      line_search(act);
      finish_iteration(act);
    }
  }

  const std::vector<Row>& rows() const { return rows_; }

 private:
  template <class Pred>
  std::vector<long> rows_where(Pred pred) const {
    std::vector<long> out;
    for (std::size_t i = 0; i < rows_.size(); ++i)
      if (pred(rows_[i])) out.push_back(long(i));
    return out;
  }

  // V's parts at the given point of each listed row.
  void batch(const std::vector<long>& idx, Vector Row::*point, int parts, PotentialBatch& out) const {
    Particles P(long(idx.size()), d_);
    for (std::size_t k = 0; k < idx.size(); ++k) P.row(long(k)) = (rows_[std::size_t(idx[k])].*point).transpose();
    V_.evaluate_batch(P, parts, out);
  }

  // phi and F at the point from the batch's value and gradient of row k.
  double objective(const Row& r, const Vector& z, const PotentialBatch& b, long k, Vector& gradV, Vector& F) const {
    gradV = b.gradients.row(k).transpose();
    F = z + tau_ * gradV - r.y;
    return b.values[k] + (z - r.y).squaredNorm() / (2.0 * tau_);
  }

  // Start from the explicit step y - tau grad V(y) (exact to O(tau^2) when
  // tau |Hess V| is small), or from y itself when that is better for the
  // objective (a stiff V makes the explicit step overshoot by far).
  void start() {
    const std::vector<long> all = rows_where([](const Row&) { return true; });
    PotentialBatch at_y, at_step;
    batch(all, &Row::y, kPotentialValue | kPotentialGradient | kPotentialHessian, at_y);
    for (std::size_t k = 0; k < all.size(); ++k) {
      Row& r = rows_[std::size_t(all[k])];
      r.has_hessian = at_y.hessian_ok[k];
      r.z = r.y;
      r.phi = objective(r, r.z, at_y, long(k), r.gradV, r.F);
      r.zt = r.y - tau_ * r.gradV;
    }
    batch(all, &Row::zt, kPotentialValue | kPotentialGradient, at_step);
    for (std::size_t k = 0; k < all.size(); ++k) {
      Row& r = rows_[std::size_t(all[k])];
      const double phit0 = objective(r, r.zt, at_step, long(k), r.gradVt, r.Ft);
      if (phit0 < r.phi) {
        r.z = r.zt;
        r.phi = phit0;
        r.gradV = r.gradVt;
        r.F = r.Ft;
      }
    }
  }

  void check_rows() {
    for (Row& r : rows_) {
      if (!r.active) continue;
      r.out.residual = r.F.norm() / r.scale;
      if (!std::isfinite(r.out.residual)) {
        r.active = false;
      } else if (r.out.residual <= opt_.tol) {
        r.out.converged = true;
        r.active = false;
      } else if (r.out.iterations >= opt_.max_iterations) {
        r.active = false;
      }
    }
  }

  // grad phi = F / tau. Direction: Newton, BFGS, or steepest descent.
  void directions(const std::vector<long>& act) {
    std::vector<long> newton;
    for (long i : act)
      if (rows_[std::size_t(i)].has_hessian) newton.push_back(i);
    PotentialBatch h;
    if (!newton.empty()) batch(newton, &Row::z, kPotentialHessian, h);
    std::vector<long> slot(rows_.size(), -1);
    for (std::size_t k = 0; k < newton.size(); ++k) slot[std::size_t(newton[k])] = long(k);
    parallel_for(long(act.size()), [&](long b, long e) {
      Matrix H(d_, d_);
      for (long q = b; q < e; ++q) {
        Row& r = rows_[std::size_t(act[std::size_t(q)])];
        const long k = slot[std::size_t(act[std::size_t(q)])];
        if (k >= 0) {
          const double* hb = &h.hessians[std::size_t(k) * d_ * d_];
          for (long i = 0; i < d_; ++i)
            for (long j = 0; j < d_; ++j) H(i, j) = tau_ * hb[i * d_ + j] + (i == j ? 1.0 : 0.0);
          Eigen::LLT<Matrix> llt(H);
          if (llt.info() == Eigen::Success)
            r.dir = -llt.solve(r.F);
          else
            r.dir = -r.F;  // phi is not convex here: fall back to its gradient
        } else {
          r.dir = -(r.Binv * r.F) / tau_;
        }
        r.slope = r.dir.dot(r.F) / tau_;  // directional derivative of phi
        if (!(r.slope < 0.0)) {
          r.dir = -r.F;
          r.slope = -r.F.squaredNorm() / tau_;
          r.Binv = Matrix::Identity(d_, d_) * tau_;
        }
        r.fnorm = r.F.norm();
        r.t = 1.0;
        r.halvings = 0;
        r.searching = true;
      }
    });
  }

  // Backtracking: accept a sufficient decrease of phi, or (once phi's
  // decrease is lost in rounding near the solution) of the residual; at most
  // 60 halvings of the step.
  void line_search(const std::vector<long>& act) {
    for (;;) {
      std::vector<long> trial;
      for (long i : act) {
        Row& r = rows_[std::size_t(i)];
        if (!r.searching) continue;
        r.zt = r.z + r.t * r.dir;
        trial.push_back(i);
      }
      if (trial.empty()) return;
      PotentialBatch b;
      batch(trial, &Row::zt, kPotentialValue | kPotentialGradient, b);
      for (std::size_t k = 0; k < trial.size(); ++k) {
        Row& r = rows_[std::size_t(trial[k])];
        r.phit = objective(r, r.zt, b, long(k), r.gradVt, r.Ft);
        if (std::isfinite(r.phit) &&
            (r.phit <= r.phi + 1e-4 * r.t * r.slope || r.Ft.norm() <= (1.0 - 1e-4 * r.t) * r.fnorm)) {
          r.searching = false;  // accepted
          continue;
        }
        if (++r.halvings >= 60) {
          r.searching = false;
          r.active = false;  // no acceptable step: the row stops here
          continue;
        }
        r.t *= 0.5;
      }
    }
  }

  void finish_iteration(const std::vector<long>& act) {
    for (long i : act) {
      Row& r = rows_[std::size_t(i)];
      if (!r.active) continue;
      if (!r.has_hessian) {
        // BFGS update of the inverse Hessian of phi; skipped when the
        // curvature condition fails (phi locally non-convex).
        const Vector sv = r.zt - r.z;
        const Vector yv = (r.Ft - r.F) / tau_;
        const double sy = sv.dot(yv);
        if (sy > 1e-300) {
          const double rho = 1.0 / sy;
          const Vector By = r.Binv * yv;
          r.Binv += (rho * rho * yv.dot(By) + rho) * (sv * sv.transpose()) -
                    rho * (By * sv.transpose() + sv * By.transpose());
        }
      }
      r.z = r.zt;
      r.F = r.Ft;
      r.gradV = r.gradVt;
      r.phi = r.phit;
      ++r.out.iterations;
    }
  }

  const Potential& V_;
  double tau_;
  PotentialProxOptions opt_;
  std::vector<Row> rows_;
  long d_;
};

}  // namespace

PotentialProx::PotentialProx(const Potential& V, PotentialProxOptions opt) : V_(V), opt_(opt) {}

void PotentialProx::apply(const Particles& y, double tau, Particles& z, long step, PotentialProxStats* stats) const {
  WPROX_REQUIRE(y.cols() == V_.dim(), DimensionMismatch,
                "prox: particles have " << y.cols() << " columns but the potential has dimension " << V_.dim());
  WPROX_REQUIRE(tau > 0.0, InputError, "prox: tau = " << tau << " must be > 0");
  const long n = y.rows(), d = y.cols();
  z.resize(n, d);
  LockstepProx prox(V_, y, tau, opt_);
  prox.solve();
  std::vector<RowOutcome> outcomes(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) {
    z.row(i) = prox.rows()[std::size_t(i)].z.transpose();
    outcomes[std::size_t(i)] = prox.rows()[std::size_t(i)].out;
  }
  // Report the first failing row (lowest index: independent of scheduling).
  PotentialProxStats st;
  for (long i = 0; i < n; ++i) {
    const RowOutcome& o = outcomes[std::size_t(i)];
    if (!o.converged) {
      std::ostringstream os;
      os << "prox of the potential did not converge for particle " << i << ": residual " << o.residual << " (tolerance "
         << opt_.tol << ") after " << o.iterations << " iterations, tau = " << tau;
      throw RunError(step, os.str());
    }
    st.max_iterations = std::max(st.max_iterations, o.iterations);
    st.max_residual = std::max(st.max_residual, o.residual);
  }
  if (stats) *stats = st;
}

}  // namespace wprox
