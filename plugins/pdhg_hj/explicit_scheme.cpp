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
  std::vector<double> rate(std::size_t(g.size));
  double diffusion = 0.0;
  for (int a = 0; a < d; ++a) diffusion += 2.0 * visc_ / (g.h(a) * g.h(a));
  parallel_for(
      g.size,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          double r = diffusion;
          for (int a = 0; a < d; ++a) {
            const auto [p_plus, p_minus] = g.slopes(a, i, &phi[0]);
            double dp, dm;
            g.model[std::size_t(i * d + a)].upwind_speeds(p_plus, p_minus, dp, dm);
            r += (std::abs(dp) + std::abs(dm)) / g.h(a);
          }
          rate[std::size_t(i)] = r;
        }
      },
      kGrain);
  double worst = 0.0;
  for (double r : rate) worst = std::max(worst, r);
  return worst > 0 ? 1.0 / worst : HUGE_VAL;
}

void ExplicitScheme::step(std::vector<double>& phi, double dt) const {
  const HjGrid& g = grid_;
  const int d = g.dim;
  std::vector<double> out(phi.size());
  parallel_for(
      g.size,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
          const double u = phi[std::size_t(i)];
          double h = 0.0, lap = 0.0;
          for (int a = 0; a < d; ++a) {
            const double inv_h = 1.0 / g.h(a);
            const auto [p_plus, p_minus] = g.slopes(a, i, &phi[0]);
            lap += (p_plus - p_minus) * inv_h;
            h += g.model[std::size_t(i * d + a)].upwind_hamiltonian(p_plus, p_minus);
          }
          out[std::size_t(i)] = u - dt * (h - visc_ * lap);
        }
      },
      kGrain);
  phi.swap(out);
}

}  // namespace wprox::pdhg_hj
