#include "explicit_scheme.hpp"

#include <algorithm>
#include <cmath>

#include <wprox/parallel.hpp>

namespace wprox::pdhg_hj {

namespace {
constexpr long kGrain = 4096;
}

double ExplicitScheme::cfl_limit(const std::vector<double>& phi) const {
  const HjGrid& g = grid_;
  const int d = g.dim;
  work_.resize(std::size_t(g.size));
  double diffusion = 0.0;
  for (int a = 0; a < d; ++a) diffusion += 2.0 * visc_ / (g.h(a) * g.h(a));
  parallel_for(
      g.size,
      [&](long begin, long end) {
        double pp[kMaxDim], pm[kMaxDim], dp[kMaxDim], dm[kMaxDim];
        for (long i = begin; i < end; ++i) {
          g.all_slopes(i, &phi[0], pp, pm);
          g.model[std::size_t(i)].upwind_speeds(pp, pm, dp, dm);
          double r = diffusion;
          for (int a = 0; a < d; ++a) r += (std::abs(dp[a]) + std::abs(dm[a])) / g.h(a);
          work_[std::size_t(i)] = r;
        }
      },
      kGrain);
  double worst = 0.0;
  for (double r : work_) worst = std::max(worst, r);
  return worst > 0 ? 1.0 / worst : HUGE_VAL;
}

void ExplicitScheme::step(std::vector<double>& phi, double dt) const {
  const HjGrid& g = grid_;
  work_.resize(phi.size());
  parallel_for(
      g.size,
      [&](long begin, long end) {
        double pp[kMaxDim], pm[kMaxDim];
        for (long i = begin; i < end; ++i) {
          const double lap = g.all_slopes(i, &phi[0], pp, pm);
          const double h = g.model[std::size_t(i)].upwind_hamiltonian(pp, pm);
          work_[std::size_t(i)] = phi[std::size_t(i)] - dt * (h - visc_ * lap);
        }
      },
      kGrain);
  phi.swap(work_);
}

}  // namespace wprox::pdhg_hj
