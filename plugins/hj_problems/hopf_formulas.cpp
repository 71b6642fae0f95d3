#include "hopf_formulas.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace wprox::hj_problems {

double Hopf1D::hopf_lax(double x, double t) const {
  const double radius = std::sqrt(2.0 * t * (g_max - g_min)) + 1e-12;
  auto cost = [&](double y) { return g(y) + (x - y) * (x - y) / (2.0 * t); };
  const int samples = 400;
  const double dy = 2.0 * radius / samples;
  std::vector<double> c(std::size_t(samples) + 1);
  for (int k = 0; k <= samples; ++k) c[std::size_t(k)] = cost(x - radius + k * dy);
  // Every sampled local minimum is refined by golden section on its
  // bracket, so a global minimum whose basin the sampling resolves is found
  // to ~1e-14 even when two basins nearly tie.
  double best = HUGE_VAL;
  const double phi = 0.5 * (std::sqrt(5.0) - 1.0);
  for (int k = 0; k <= samples; ++k) {
    const double left = k > 0 ? c[std::size_t(k - 1)] : HUGE_VAL;
    const double right = k < samples ? c[std::size_t(k + 1)] : HUGE_VAL;
    if (c[std::size_t(k)] > left || c[std::size_t(k)] > right) continue;
    const double y = x - radius + k * dy;
    double a = y - dy, b = y + dy;
    double c1 = b - phi * (b - a), c2 = a + phi * (b - a);
    double f1 = cost(c1), f2 = cost(c2);
    for (int it = 0; it < 100 && b - a > 1e-14; ++it) {
      if (f1 < f2) {
        b = c2, c2 = c1, f2 = f1;
        c1 = b - phi * (b - a), f1 = cost(c1);
      } else {
        a = c1, c1 = c2, f1 = f2;
        c2 = a + phi * (b - a), f2 = cost(c2);
      }
    }
    best = std::min({best, c[std::size_t(k)], f1, f2});
  }
  return best;
}

double Hopf1D::hopf_cole(double x, double t, double visc) const {
  // exponent e(y) = -|x-y|^2/(4 visc t) - g(y)/(2 visc); its maximum is at
  // least -g(x)/(2 visc) (y = x), and e(y) < -g_max/(2 visc) - 40 once
  // |x-y|^2 > 4 visc t ((g_max - g_min)/(2 visc) + 40).
  const double radius = std::sqrt(4.0 * visc * t * ((g_max - g_min) / (2.0 * visc) + 40.0));
  const double width = std::sqrt(2.0 * visc * t);
  const int n = std::max(200, int(std::ceil(2.0 * radius / (width / 20.0))));
  const double dy = 2.0 * radius / n;
  std::vector<double> e(std::size_t(n) + 1);
  double peak = -HUGE_VAL;
  for (int k = 0; k <= n; ++k) {
    const double y = x - radius + k * dy;
    e[std::size_t(k)] = -(x - y) * (x - y) / (4.0 * visc * t) - g(y) / (2.0 * visc);
    peak = std::max(peak, e[std::size_t(k)]);
  }
  double sum = 0.0;
  for (int k = 0; k <= n; ++k) sum += (k == 0 || k == n ? 0.5 : 1.0) * std::exp(e[std::size_t(k)] - peak);
  const double pi = std::acos(-1.0);
  const double log_integral = peak + std::log(sum * dy) - 0.5 * std::log(4.0 * pi * visc * t);
  return -2.0 * visc * log_integral;
}

}  // namespace wprox::hj_problems
