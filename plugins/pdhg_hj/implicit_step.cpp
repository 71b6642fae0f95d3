#include "implicit_step.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/parallel.hpp>

namespace wprox::pdhg_hj {

namespace {
// Points per parallel task: small grids (1-D) run on one thread, where the
// per-iteration work is far below a task's overhead.
constexpr long kGrain = 4096;
}  // namespace

PdhgImplicitStep::PdhgImplicitStep(const HjGrid& grid, double visc, PdhgSettings settings)
    : grid_(grid), visc_(visc), set_(settings) {
  transform_ = std::make_unique<SpectralTransform>(grid.tensor);
  lambda_ = transform_->laplacian_symbol();
  const std::size_t n = std::size_t(grid.size), nd = n * std::size_t(grid.dim);
  rho_.assign(n, set_.c);
  a1_.assign(nd, 0.0);
  a2_.assign(nd, 0.0);
  grad_.assign(n, 0.0);
  lap_.assign(n, 0.0);
  w1_.assign(nd, 0.0);
  w2_.assign(nd, 0.0);
}

void PdhgImplicitStep::prepare(double dt, double speed) {
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

double PdhgImplicitStep::max_speed(const std::vector<double>& phi) const {
  const HjGrid& g = grid_;
  double worst = 0.0;
  for (long i = 0; i < g.size; ++i) {
    double sq = 0.0;
    for (int a = 0; a < g.dim; ++a) {
      const auto [p_plus, p_minus] = g.slopes(a, i, &phi[0]);
      double dp, dm;
      g.model[std::size_t(i * g.dim + a)].upwind_speeds(p_plus, p_minus, dp, dm);
      sq += std::max(std::abs(dp), std::abs(dm)) * std::max(std::abs(dp), std::abs(dm));
    }
    worst = std::max(worst, std::sqrt(sq));
  }
  return worst;
}

// phi_new = phi - tau P^{-1} (A^T rho - c/dt), with
// A^T rho = rho/dt - eps Lap rho - sum_a [D+^T(v1 rho) + D-^T(v2 rho)],
// v1 = b+ + s a1 >= 0, v2 = b- + s a2 <= 0.
void PdhgImplicitStep::primal(const std::vector<double>& phi, double dt, double tau, std::vector<double>& phi_new) {
  const HjGrid& g = grid_;
  const int d = g.dim;
  const long n = g.size;
  parallel_for(
      n,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i)
          for (int a = 0; a < d; ++a) {
            const std::size_t k = std::size_t(i * d + a);
            const HjLocalModel& m = g.model[k];
            w1_[k] = (std::max(m.drift, 0.0) + m.gain * a1_[k]) * rho_[std::size_t(i)];
            w2_[k] = (std::min(m.drift, 0.0) + m.gain * a2_[k]) * rho_[std::size_t(i)];
          }
      },
      kGrain);
  const double c_dt = set_.c / dt, inv_dt = 1.0 / dt;
  parallel_for(
      n,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          const double r = rho_[std::size_t(i)];
          double v = r * inv_dt - c_dt;
          double lap = 0.0;
          for (int a = 0; a < d; ++a) {
            const long nx = g.next[a][std::size_t(i)], pv = g.prev[a][std::size_t(i)];
            const double inv_h = 1.0 / g.h(a);
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
  transform_->apply(grad_.data(), grad_.data(), inv_precond_.data());
  for (long i = 0; i < n; ++i) phi_new[std::size_t(i)] = phi[std::size_t(i)] - tau * grad_[std::size_t(i)];
}

// Control prox steps, then rho+ = max(rho + sigma R(phibar, a1, a2), 0).
void PdhgImplicitStep::dual(const std::vector<double>& phi0, const std::vector<double>& phibar, double dt,
                            double sigma) {
  const HjGrid& g = grid_;
  const int d = g.dim;
  const double sigma_a = set_.control_step > 0 ? set_.control_step * sigma : 0.0;
  const double inv_dt = 1.0 / dt;
  parallel_for(
      g.size,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          const double u = phibar[std::size_t(i)];
          const double r = rho_[std::size_t(i)];
          double R = (u - phi0[std::size_t(i)]) * inv_dt;
          double lap = 0.0;
          for (int a = 0; a < d; ++a) {
            const double inv_h = 1.0 / g.h(a);
            const auto [p_plus, p_minus] = g.slopes(a, i, &phibar[0]);
            lap += (p_plus - p_minus) * inv_h;
            const std::size_t k = std::size_t(i * d + a);
            const HjLocalModel& m = g.model[k];
            double c1, c2;
            if (sigma_a > 0) {
              c1 = m.prox_control(p_plus, r, a1_[k], sigma_a, true);
              c2 = m.prox_control(p_minus, r, a2_[k], sigma_a, false);
            } else {
              m.split_argmax(p_plus, p_minus, c1, c2);
            }
            a1_[k] = c1;
            a2_[k] = c2;
            R -= (std::max(m.drift, 0.0) + m.gain * c1) * p_plus + (std::min(m.drift, 0.0) + m.gain * c2) * p_minus +
                 m.running_cost(c1) + m.running_cost(c2);
          }
          R -= visc_ * lap;
          rho_[std::size_t(i)] = std::max(r + sigma * R, 0.0);  // R reads rho only at i: in place is safe
        }
      },
      kGrain);
}

double PdhgImplicitStep::residual(const std::vector<double>& phi0, const std::vector<double>& phi, double dt) const {
  const HjGrid& g = grid_;
  const int d = g.dim;
  std::vector<double> f(std::size_t(g.size));
  parallel_for(
      g.size,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          const double u = phi[std::size_t(i)];
          double F = (u - phi0[std::size_t(i)]) / dt, lap = 0.0;
          for (int a = 0; a < d; ++a) {
            const double inv_h = 1.0 / g.h(a);
            const auto [p_plus, p_minus] = g.slopes(a, i, &phi[0]);
            lap += (p_plus - p_minus) * inv_h;
            F += g.model[std::size_t(i * d + a)].upwind_hamiltonian(p_plus, p_minus);
          }
          f[std::size_t(i)] = std::abs(F - visc_ * lap);
        }
      },
      kGrain);
  double worst = 0.0;
  for (double v : f) {
    if (!std::isfinite(v)) return HUGE_VAL;
    worst = std::max(worst, v);
  }
  return worst * dt;
}

StepStats PdhgImplicitStep::solve(const std::vector<double>& phi0, double dt, std::vector<double>& phi,
                                  long step_number) {
  prepare(dt, set_.adaptive_speed ? max_speed(phi0) : 1.0);
  const std::vector<double> phi_start = phi, rho_start = rho_, a1_start = a1_, a2_start = a2_;
  std::vector<double> phi_new(phi.size()), phibar(phi.size());
  StepStats stats;
  double s = set_.step;
  for (int attempt = 0;; ++attempt) {
    bool failed = false;
    const double tau = s / 1.5, sigma = 1.5 * s;
    double res = residual(phi0, phi, dt);
    double best = res, window_best = res;
    long it = 0;
    bool stalled = false;
    while (res > set_.tol && it < set_.max_iter) {
      primal(phi, dt, tau, phi_new);
      for (std::size_t i = 0; i < phi.size(); ++i) phibar[i] = 2.0 * phi_new[i] - phi[i];
      dual(phi0, phibar, dt, sigma);
      phi.swap(phi_new);
      ++it;
      if (it % set_.check_every == 0) {
        res = residual(phi0, phi, dt);
        if (!std::isfinite(res)) {
          failed = true;
          break;
        }
        best = std::min(best, res);
      }
      // PDHG on this nonlinear saddle problem can settle into a cycle when
      // the step is too large (no NaN, a residual that stops falling): a
      // window in which the best residual falls by less than 1% counts as a
      // failure. (Slow but steady tails, seen with bang-bang controls, fall
      // by several % per window and go on.)
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
      break;
    }
    if (!failed) {
      std::ostringstream os;
      os << "pdhg-hj did not converge in max_iter = " << set_.max_iter << " iterations: dt*|F|_inf = " << res
         << " > tol = " << set_.tol << " (step s = " << s << "; try a smaller step or a larger max_iter)";
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
    a1_ = a1_start;
    a2_ = a2_start;
  }
  stats.rho_min = *std::min_element(rho_.begin(), rho_.end());
  stats.rho_max = *std::max_element(rho_.begin(), rho_.end());
  return stats;
}

}  // namespace wprox::pdhg_hj
