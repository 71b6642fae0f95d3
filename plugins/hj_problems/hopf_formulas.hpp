#pragma once
// Exact solutions of the 1-D equation phi_t + |phi_x|^2 / 2 = visc phi_xx,
// phi(x, 0) = g(x), for a bounded g (here periodic, extended to the line):
//   visc = 0: Hopf-Lax   phi(x, t) = min_y g(y) + |x - y|^2 / (2 t)
//   visc > 0: Hopf-Cole  phi(x, t) = -2 visc log( (4 pi visc t)^{-1/2}
//                          int exp(-|x - y|^2 / (4 visc t) - g(y) / (2 visc)) dy )
#include <functional>

namespace wprox::hj_problems {

struct Hopf1D {
  std::function<double(double)> g;   // the initial value, any real argument
  double g_min = -1.0, g_max = 1.0;  // bounds of g: they limit where the minimizer can be

  // Hopf-Lax: |x - y*| <= sqrt(2 t (g_max - g_min)), so the search samples
  // that interval (400 points: far finer than the basins of sin(pi y)) and
  // refines every sampled local minimum by golden section; accurate to
  // ~1e-13 for smooth g.
  double hopf_lax(double x, double t) const;
  // Hopf-Cole by the trapezoid rule on a window where the integrand is above
  // e^-40 of its peak, with spacing a twentieth of the kernel width: the
  // rule is spectrally accurate for the smooth integrand, well below 1e-10.
  double hopf_cole(double x, double t, double visc) const;
  double solution(double x, double t, double visc) const {
    if (t <= 0) return g(x);
    return visc > 0 ? hopf_cole(x, t, visc) : hopf_lax(x, t);
  }
};

}  // namespace wprox::hj_problems
