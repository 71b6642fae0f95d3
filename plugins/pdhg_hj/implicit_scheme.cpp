#include "implicit_scheme.hpp"

#include <algorithm>
#include <cmath>

#include <wprox/parallel.hpp>

namespace wprox::pdhg_hj {

namespace {
constexpr long kGrain = 4096;
}

double implicit_residual(const HjGrid& g, double visc, const double* phi0, const double* phi, double dt) {
  std::vector<double> f(std::size_t(g.size));
  parallel_for(
      g.size,
      [&](long begin, long end) {
        double pp[kMaxDim], pm[kMaxDim];
        for (long i = begin; i < end; ++i) {
          const double lap = g.all_slopes(i, phi, pp, pm);
          const double F = (phi[i] - phi0[i]) / dt + g.model[std::size_t(i)].upwind_hamiltonian(pp, pm) - visc * lap;
          f[std::size_t(i)] = std::abs(F);
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

SparseMatrix upwind_matrix(const HjGrid& g, double visc, double dt, const std::vector<double>& vp,
                           const std::vector<double>& vm) {
  const int d = g.dim;
  std::vector<Eigen::Triplet<double>> tr;
  tr.reserve(std::size_t(g.size * (2 * d + 1)));
  for (long i = 0; i < g.size; ++i) {
    double diag = 1.0 / dt;
    for (int a = 0; a < d; ++a) {
      const std::size_t k = std::size_t(i * d + a);
      const double ih = 1.0 / g.h(a), e = visc * ih * ih;
      const long nx = g.next[a][std::size_t(i)], pv = g.prev[a][std::size_t(i)];
      // -v+ D+ - eps (D+ - D-)/h on the forward side, -v- D- on the backward side.
      if (nx >= 0) {
        tr.emplace_back(i, nx, -vp[k] * ih - e);
        diag += vp[k] * ih + e;
      }
      if (pv >= 0) {
        tr.emplace_back(i, pv, vm[k] * ih - e);
        diag += -vm[k] * ih + e;
      }
    }
    tr.emplace_back(i, i, diag);
  }
  SparseMatrix a(g.size, g.size);
  a.setFromTriplets(tr.begin(), tr.end());
  return a;
}

SparseMatrix control_coupling(const HjGrid& g) {
  const int d = g.dim;
  std::vector<Eigen::Triplet<double>> tr;
  for (long i = 0; i < g.size; ++i) {
    const HjLocalModel& m = g.model[std::size_t(i)];
    for (int j = 0; j < d; ++j) {
      const long ru = 2 * (i * d + j), rw = ru + 1;
      for (int a = 0; a < d; ++a) {
        const double gij = m.gain[a][j];
        if (gij == 0.0) continue;
        const double s = gij / g.h(a);
        const long nx = g.next[a][std::size_t(i)], pv = g.prev[a][std::size_t(i)];
        // u reads D+ where G > 0 and D- where G < 0; w the other one.
        const long rplus = gij > 0 ? ru : rw, rminus = gij > 0 ? rw : ru;
        if (nx >= 0) {
          tr.emplace_back(rplus, nx, s);
          tr.emplace_back(rplus, i, -s);
        }
        if (pv >= 0) {
          tr.emplace_back(rminus, i, s);
          tr.emplace_back(rminus, pv, -s);
        }
      }
    }
  }
  SparseMatrix k(2 * d * g.size, g.size);
  k.setFromTriplets(tr.begin(), tr.end());
  return k;
}

void SplitState::resize(const HjGrid& g) {
  const std::size_t nd = std::size_t(g.size * g.dim);
  u.assign(nd, 0.0);
  w.assign(nd, 0.0);
  vp.assign(nd, 0.0);
  vm.assign(nd, 0.0);
}

void SplitState::maximize(const HjGrid& g, const double* phi) {
  const int d = g.dim;
  parallel_for(
      g.size,
      [&](long begin, long end) {
        double pp[kMaxDim], pm[kMaxDim];
        for (long i = begin; i < end; ++i) {
          g.all_slopes(i, phi, pp, pm);
          const std::size_t k = std::size_t(i * d);
          g.model[std::size_t(i)].split_argmax(pp, pm, &u[k], &w[k]);
        }
      },
      kGrain);
  velocities(g);
}

void SplitState::velocities(const HjGrid& g) {
  const int d = g.dim;
  parallel_for(
      g.size,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          const std::size_t k = std::size_t(i * d);
          g.model[std::size_t(i)].split_velocity(&u[k], &w[k], &vp[k], &vm[k]);
        }
      },
      kGrain);
}

std::vector<double> SplitState::rhs(const HjGrid& g, const double* phi0, double dt) const {
  std::vector<double> b(std::size_t(g.size));
  for (long i = 0; i < g.size; ++i) {
    const std::size_t k = std::size_t(i * g.dim);
    b[std::size_t(i)] = phi0[i] / dt + g.model[std::size_t(i)].split_cost(&u[k], &w[k]);
  }
  return b;
}

}  // namespace wprox::pdhg_hj
