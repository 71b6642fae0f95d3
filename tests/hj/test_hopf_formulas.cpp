// The exact solutions behind hj-hopf-lax, checked against the PDE itself:
// finite differences of the formula must satisfy
//   phi_t + phi_x^2 / 2 - visc phi_xx = 0
// at smooth points, and the formula must reduce to g as t -> 0.
#include <cmath>

#include "hopf_formulas.hpp"
#include "testing.hpp"

using wprox::hj_problems::Hopf1D;

namespace {
Hopf1D sine() {
  Hopf1D h;
  h.g = [](double y) { return std::sin(std::acos(-1.0) * y); };
  return h;
}
}  // namespace

TEST_CASE("Hopf-Lax and Hopf-Cole formulas solve the PDE") {
  const Hopf1D h = sine();
  // Central differences with step d have error ~ d^2 |phi'''| ~ 1e-8 for
  // d = 1e-4 (the formulas are accurate to ~1e-12, which adds ~1e-12/d^2 =
  // 1e-4 to the second difference: visc * that stays below 1e-5).
  const double d = 1e-4;
  for (double visc : {0.0, 0.05, 0.2})
    for (double x : {0.15, 0.9, 1.3, 1.75})  // away from the kink at x = 0.5 (visc = 0)
      for (double t : {0.3, 0.8}) {
        auto phi = [&](double xx, double tt) { return h.solution(xx, tt, visc); };
        const double pt = (phi(x, t + d) - phi(x, t - d)) / (2 * d);
        const double px = (phi(x + d, t) - phi(x - d, t)) / (2 * d);
        const double pxx = (phi(x + d, t) - 2 * phi(x, t) + phi(x - d, t)) / (d * d);
        CAPTURE(visc);
        CAPTURE(x);
        CAPTURE(t);
        CHECK(std::abs(pt + 0.5 * px * px - visc * pxx) < 1e-5);
      }
}

TEST_CASE("Hopf formulas: small t gives g, small viscosity approaches Hopf-Lax") {
  const Hopf1D h = sine();
  for (double x : {0.1, 0.7, 1.6}) {
    // phi(x, t) = g(x) - t g'(x)^2 / 2 + O(t^2) where g is smooth.
    const double t = 1e-4, gp = std::acos(-1.0) * std::cos(std::acos(-1.0) * x);
    CHECK(h.solution(x, t, 0.0) == doctest::Approx(h.g(x) - 0.5 * t * gp * gp).epsilon(1e-6));
    // Hopf-Cole -> Hopf-Lax with an O(visc t-log) correction: at visc = 1e-3
    // the difference is ~ visc (log of the Laplace prefactor) < 1e-2.
    CHECK(std::abs(h.solution(x, 0.5, 1e-3) - h.solution(x, 0.5, 0.0)) < 1e-2);
  }
}
