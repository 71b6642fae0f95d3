#include "pdhg_step.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/spectral.hpp>

namespace wprox::pdhg_hj {

namespace {
// Points per parallel task: small grids (1-D) run on one thread, where the
// per-iteration work is far below a task's overhead.
constexpr long kGrain = 4096;

// The adaptive damping of the linearized preconditioner (see the header).
constexpr double kMuFactor = 4.0, kMuMin = 1e-3, kMuMax = 1e6;
constexpr double kGoodEpoch = 0.9;  // best residual of an epoch below this times the last one: less damping
constexpr double kBlowup = 4.0;     // residual above this times the best: roll back
// The second guess's predictor must beat the first's residual by this
// factor: a predictor's residual only roughly foretells the iterations,
// and the last level is the safer start. Chosen from 1 / 0.5 / 0.25 / 0.1
// on hj-quadratic, nx = 160 (iterations per step at dt/dx = 2 .. 40:
// 0.25 keeps 16-74 up to 16 and gives 595 at 40, where 1 gave 838).
constexpr double kPreferExtrapolation = 0.25;
}  // namespace

PdhgImplicitStep::PdhgImplicitStep(const HjGrid& grid, double visc, PdhgSettings settings)
    : grid_(grid), visc_(visc), set_(settings) {
  const std::size_t n = std::size_t(grid.size), nd = n * std::size_t(grid.dim);
  if (set_.preconditioner == Preconditioner::Spectral) {
    transform_ = std::make_unique<SpectralTransform>(grid.tensor);
    lambda_ = transform_->laplacian_symbol();
  }
  if (grid.dim > 1) krylov_ = std::make_unique<KrylovSolver>(grid, visc);
  rho_.assign(n, set_.c);
  split_.resize(grid);
  grad_.assign(n, 0.0);
  w1_.assign(nd, 0.0);
  w2_.assign(nd, 0.0);
}

PdhgImplicitStep::~PdhgImplicitStep() = default;

void PdhgImplicitStep::save_state(StateWriter& w) const {
  w.values("pdhg.rho", rho_);
  w.values("pdhg.u", split_.u);
  w.values("pdhg.w", split_.w);
  w.values("pdhg.vp", split_.vp);
  w.values("pdhg.vm", split_.vm);
  w.scalar("pdhg.step", step_);
  w.scalar("pdhg.mu", mu_);
  w.integer("pdhg.rebuilds", rebuilds_);
}

namespace {
void read_same_size(const StateReader& r, const std::string& name, std::vector<double>& into) {
  std::vector<double> v = r.values(name);
  WPROX_REQUIRE(v.size() == into.size(), InputError,
                "checkpoint entry '" << name << "' has " << v.size() << " values, expected " << into.size());
  into = std::move(v);
}
}  // namespace

void PdhgImplicitStep::load_state(const StateReader& r) {
  read_same_size(r, "pdhg.rho", rho_);
  read_same_size(r, "pdhg.u", split_.u);
  read_same_size(r, "pdhg.w", split_.w);
  read_same_size(r, "pdhg.vp", split_.vp);
  read_same_size(r, "pdhg.vm", split_.vm);
  step_ = r.scalar("pdhg.step");
  mu_ = r.scalar("pdhg.mu");
  rebuilds_ = r.integer("pdhg.rebuilds");
}

void PdhgImplicitStep::prepare_spectral(double dt, double speed) {
  if (dt == prepared_dt_ && speed == prepared_speed_) return;
  inv_precond_.resize(lambda_.size());
  const double k2 = std::max(speed * speed, set_.min_speed * set_.min_speed);
  for (std::size_t k = 0; k < lambda_.size(); ++k) {
    const double diag = 1.0 / dt - visc_ * lambda_[k];
    inv_precond_[k] = 1.0 / (1.0 + diag * diag - k2 * lambda_[k]);
  }
  prepared_dt_ = dt;
  prepared_speed_ = speed;
}

// max over points of the Euclidean norm of the per-axis upwind speeds.
double PdhgImplicitStep::max_speed(const std::vector<double>& phi) const {
  const HjGrid& g = grid_;
  double worst = 0.0;
  double pp[kMaxDim], pm[kMaxDim], dp[kMaxDim], dm[kMaxDim];
  for (long i = 0; i < g.size; ++i) {
    g.all_slopes(i, &phi[0], pp, pm);
    g.model[std::size_t(i)].upwind_speeds(pp, pm, dp, dm);
    double sq = 0.0;
    for (int a = 0; a < g.dim; ++a) {
      const double s = std::max(std::abs(dp[a]), std::abs(dm[a]));
      sq += s * s;
    }
    worst = std::max(worst, std::sqrt(sq));
  }
  return worst;
}

// x = A^{-1} b: exactly in 1-D, by BiCGSTAB from the guess x otherwise.
void PdhgImplicitStep::solve_linear(const SparseMatrix& a, double dt, const std::vector<double>& b,
                                    std::vector<double>& x) {
  if (krylov_) {
    double kappa = 0.0;
    for (std::size_t k = 0; k < split_.vp.size(); ++k) kappa = std::max({kappa, split_.vp[k], -split_.vm[k]});
    if (krylov_->solve(a, dt, kappa, b.data(), x.data(), 1e-8)) return;
  }
  a_solver_.factor(grid_, a, false);
  x = b;
  a_solver_.solve(x.data());
}

void PdhgImplicitStep::rebuild(const std::vector<double>& phi0, double dt, std::vector<double>& phi, bool predict) {
  const HjGrid& g = grid_;
  split_.maximize(g, phi.data());
  const SparseMatrix a = upwind_matrix(g, visc_, dt, split_.vp, split_.vm);
  // P and the exact dual are computed when the first PDHG iteration needs
  // them: a step that the predictor already settles (common where controls
  // do not switch between levels) then costs one linear solve, as a policy
  // iteration step does, instead of three (in 2-D/3-D a sparse LDL^T of P
  // and two Krylov solves).
  pending_a_ = a;
  pending_ = true;
  if (predict) solve_linear(a, dt, split_.rhs(g, phi0.data(), dt), phi);
}

// The exact dual of the linearized problem, A~^T rho = c/dt, and P.
void PdhgImplicitStep::complete_rebuild(double dt) {
  const SparseMatrix at = pending_a_.transpose();
  if (set_.preconditioner == Preconditioner::Linearized) factor_metric(pending_a_, at);
  std::vector<double> ones(std::size_t(grid_.size), set_.c / dt);
  solve_linear(at, dt, ones, rho_);
  for (double& r : rho_) r = std::max(r, 0.0);
  pending_ = false;
}

void PdhgImplicitStep::predict(const std::vector<double>& phi0, double dt, std::vector<double>& phi) {
  split_.maximize(grid_, phi.data());
  const SparseMatrix a = upwind_matrix(grid_, visc_, dt, split_.vp, split_.vm);
  solve_linear(a, dt, split_.rhs(grid_, phi0.data(), dt), phi);
}

void PdhgImplicitStep::factor_metric(const SparseMatrix& a, const SparseMatrix& at) {
  const HjGrid& g = grid_;
  if (ktk_time_ != g.model_time || ktk_.rows() != g.size) {
    const SparseMatrix k = control_coupling(g);
    ktk_ = SparseMatrix(k.transpose()) * k;
    ktk_time_ = g.model_time;
  }
  SparseMatrix p = at * a;
  p += (mu_ * set_.c) * ktk_;
  p_solver_.factor(g, p, true);
  ++rebuilds_;
}

// phi_new = phi - tau P^{-1} (A^T rho - c/dt), with
// A^T rho = rho/dt - eps Lap rho - sum_a [D+_a^T(v+_a rho) + D-_a^T(v-_a rho)].
void PdhgImplicitStep::primal(const std::vector<double>& phi, double dt, double tau, std::vector<double>& phi_new) {
  if (pending_) complete_rebuild(dt);
  const HjGrid& g = grid_;
  const int d = g.dim;
  const long n = g.size;
  parallel_for(
      n,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i)
          for (int a = 0; a < d; ++a) {
            const std::size_t k = std::size_t(i * d + a);
            w1_[k] = split_.vp[k] * rho_[std::size_t(i)];
            w2_[k] = split_.vm[k] * rho_[std::size_t(i)];
          }
      },
      kGrain);
  const double c_dt = set_.c / dt, inv_dt = 1.0 / dt;
  parallel_for(
      n,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          const double r = rho_[std::size_t(i)];
          double v = r * inv_dt - c_dt, lap = 0.0;
          for (int a = 0; a < d; ++a) {
            const long nx = g.next[a][std::size_t(i)], pv = g.prev[a][std::size_t(i)];
            const double inv_h = g.inv_h[a];
            // -(D+^T w1)(i) = -(w1(prev) [if prev] - w1(i) [if next]) / h
            // -(D-^T w2)(i) = -(w2(i) [if prev] - w2(next) [if next]) / h
            double adj = 0.0;
            if (pv >= 0) adj += w1_[std::size_t(pv * d + a)] + w2_[std::size_t(i * d + a)];
            if (nx >= 0) adj -= w1_[std::size_t(i * d + a)] + w2_[std::size_t(nx * d + a)];
            v -= adj * inv_h;
            const double up = nx >= 0 ? rho_[std::size_t(nx)] : r;
            const double dn = pv >= 0 ? rho_[std::size_t(pv)] : r;
            lap += (up - 2.0 * r + dn) * inv_h * inv_h;
          }
          grad_[std::size_t(i)] = v - visc_ * lap;
        }
      },
      kGrain);
  if (set_.preconditioner == Preconditioner::Spectral)
    transform_->apply(grad_.data(), grad_.data(), inv_precond_.data());
  else
    p_solver_.solve(grad_.data());
  for (long i = 0; i < n; ++i) phi_new[std::size_t(i)] = phi[std::size_t(i)] - tau * grad_[std::size_t(i)];
}

// Control steps, then rho+ = max(rho + sigma R(phibar, u, w), 0).
void PdhgImplicitStep::dual(const std::vector<double>& phi0, const std::vector<double>& phibar, double dt,
                            double sigma) {
  const HjGrid& g = grid_;
  const int d = g.dim;
  const double inv_dt = 1.0 / dt;
  parallel_for(
      g.size,
      [&](long begin, long end) {
        double pp[kMaxDim], pm[kMaxDim], qu[kMaxDim], qw[kMaxDim];
        for (long i = begin; i < end; ++i) {
          const HjLocalModel& m = g.model[std::size_t(i)];
          const std::size_t k = std::size_t(i * d);
          double* u = &split_.u[k];
          double* w = &split_.w[k];
          const double lap = g.all_slopes(i, &phibar[0], pp, pm);
          if (set_.control_step > 0) {
            m.split_slopes(pp, pm, qu, qw);
            for (int j = 0; j < d; ++j) {
              u[j] = m.prox_control(qu[j], set_.control_step, u[j], true);
              w[j] = m.prox_control(qw[j], set_.control_step, w[j], false);
            }
          } else {
            m.split_argmax(pp, pm, u, w);
          }
          double* vp = &split_.vp[k];
          double* vm = &split_.vm[k];
          m.split_velocity(u, w, vp, vm);
          double R = (phibar[std::size_t(i)] - phi0[std::size_t(i)]) * inv_dt - visc_ * lap - m.split_cost(u, w);
          for (int a = 0; a < d; ++a) R -= vp[a] * pp[a] + vm[a] * pm[a];
          rho_[std::size_t(i)] = std::max(rho_[std::size_t(i)] + sigma * R, 0.0);  // R reads rho only at i
        }
      },
      kGrain);
}

double PdhgImplicitStep::residual(const std::vector<double>& phi0, const std::vector<double>& phi, double dt) const {
  return implicit_residual(grid_, visc_, phi0.data(), phi.data(), dt);
}

StepStats PdhgImplicitStep::solve(const std::vector<double>& phi0, double dt, std::vector<double>& phi,
                                  long step_number, const std::vector<double>* alternative) {
  const bool linearized = set_.preconditioner == Preconditioner::Linearized;
  const long rebuilds_before = rebuilds_;
  if (!linearized) prepare_spectral(dt, max_speed(phi0));
  if (linearized) mu_ = set_.damping;
  if (linearized || set_.predictor) {
    if (alternative) {
      // Two predictors, one linear solve each (no P, no dual); the step
      // starts from the better one, with A~, P and rho built at it (one
      // factorization of P, as with one guess).
      std::vector<double> other = *alternative;
      predict(phi0, dt, phi);
      predict(phi0, dt, other);
      if (residual(phi0, other, dt) < kPreferExtrapolation * residual(phi0, phi, dt)) phi.swap(other);
      rebuild(phi0, dt, phi, false);
    } else {
      rebuild(phi0, dt, phi, true);
    }
  } else {
    split_.velocities(grid_);  // of the controls kept from the last step (the model may have moved)
  }
  const std::vector<double> phi_start = phi, rho_start = rho_, u_start = split_.u, w_start = split_.w;
  std::vector<double> phi_new(phi.size()), phibar(phi.size()), phi_best;
  StepStats stats;
  // A step that needed a smaller s hands it on; each step that does not
  // doubles it back toward `step`.
  double s = step_ > 0 ? step_ : set_.step;
  for (int attempt = 0;; ++attempt) {
    bool failed = false, stalled = false;
    const double tau = s / set_.ratio, sigma = s * set_.ratio;
    double res = residual(phi0, phi, dt);
    double best = res, window_best = res, epoch_best = HUGE_VAL, last_epoch = HUGE_VAL;
    phi_best = phi;
    long it = 0;
    while (res > set_.tol && it < set_.max_iter) {
      primal(phi, dt, tau, phi_new);
      for (std::size_t i = 0; i < phi.size(); ++i) phibar[i] = 2.0 * phi_new[i] - phi[i];
      dual(phi0, phibar, dt, sigma);
      phi.swap(phi_new);
      ++it;
      if (it % set_.check_every == 0) {
        res = residual(phi0, phi, dt);
        if (linearized && !(res <= kBlowup * best)) {
          // Too little damping for the curvature met: back to the best
          // iterate with more (non-finite iterates included).
          phi = phi_best;
          res = best;
          mu_ = std::min(mu_ * kMuFactor * kMuFactor, kMuMax);
          last_epoch = epoch_best = HUGE_VAL;
          rebuild(phi0, dt, phi, false);
          ++stats.rollbacks;
        } else if (!std::isfinite(res)) {
          failed = true;
          break;
        }
        if (res < best) {
          best = res;
          if (linearized) phi_best = phi;
        }
        epoch_best = std::min(epoch_best, res);
      }
      if (linearized && it % set_.refresh == 0) {
        if (epoch_best < kGoodEpoch * last_epoch)
          mu_ = std::max(mu_ / kMuFactor, kMuMin);
        else if (epoch_best >= last_epoch)
          mu_ = std::min(mu_ * kMuFactor, kMuMax);
        last_epoch = epoch_best;
        epoch_best = HUGE_VAL;
        rebuild(phi0, dt, phi, false);
      }
      // PDHG on this nonlinear saddle problem can settle into a cycle when
      // the step is too large (no NaN, a residual that stops falling): a
      // window in which the best residual falls by less than 1% counts as a
      // failure.
      if (it % set_.stall_window == 0) {
        if (best > 0.99 * window_best) {
          failed = stalled = true;
          break;
        }
        window_best = best;
      }
    }
    stats.iterations += it;
    if (!failed && res <= set_.tol) {
      stats.residual = res;
      stats.step = s;
      stats.restarts = attempt;
      step_ = attempt > 0 ? s : std::min(2.0 * s, set_.step);
      break;
    }
    if (!failed) {
      std::ostringstream os;
      os << "pdhg-hj did not converge in max_iter = " << set_.max_iter << " iterations: dt*|F|_inf = " << res
         << " > tol = " << set_.tol << " (step s = " << s << "; try a smaller pdhg_step or a larger max_iter)";
      throw RunError(step_number, os.str());
    }
    if (attempt >= set_.max_halvings) {
      std::ostringstream os;
      os << "pdhg-hj " << (stalled ? "stalled (residual stopped falling)" : "diverged (non-finite iterate)")
         << " even with step s = " << s << " after " << attempt << " halvings";
      throw RunError(step_number, os.str());
    }
    s *= 0.5;
    phi = phi_start;
    rho_ = rho_start;
    split_.u = u_start;
    split_.w = w_start;
    if (linearized) {
      mu_ = set_.damping;
      rebuild(phi0, dt, phi, false);
    } else {
      split_.velocities(grid_);
      // The predictor's dual again (rho_start was taken before it was made).
      if (set_.predictor) pending_ = true;
    }
  }
  stats.rebuilds = rebuilds_ - rebuilds_before;
  stats.rho_min = *std::min_element(rho_.begin(), rho_.end());
  stats.rho_max = *std::max_element(rho_.begin(), rho_.end());
  return stats;
}

}  // namespace wprox::pdhg_hj
