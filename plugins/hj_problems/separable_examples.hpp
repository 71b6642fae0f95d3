#pragma once
// The separable examples of docs/hamilton-jacobi.md on [0, 2]^d, periodic,
// d = 1, 2 or 3, with g(x) = sum_i sin(pi x_i) and a diagonal control
// matrix, f_i(x, t, alpha) = b_i(t) - a(x_i) alpha_i:
//   hj-quadratic    a = (x - 1)^2 + 0.1, L = |alpha|^2 / 2, H = sum a^2 p_i^2 / 2
//   hj-homogeneous  a = (x - 1)^2 + 0.1, L = indicator |alpha_i| <= 1, H = sum a |p_i|
//   hj-hopf-lax     a = 1, L = |alpha|^2 / 2, H = -b(t).p + |p|^2 / 2 with the
//                   uniform drift b_i(t) = u0 cos(omega t) (0 by default):
//                   exact solution by Hopf-Lax (visc = 0) or Hopf-Cole
//                   (visc > 0), a sum over axes, shifted by the drift's
//                   integral B(t) = u0 sin(omega t) / omega.
//   hj-stiff        a = a_min contrast^{bump(x)}, bump(x) = exp(-((x - 1)/0.15)^2),
//                   L = indicator |alpha_i| <= 1, H = sum a |p_i|: the speed
//                   varies by the factor `contrast` (default 100) across the
//                   box, a_min = 0.1.
#include <memory>
#include <string>

#include <wprox/kinds/hj.hpp>
#include <wprox/sdk.hpp>

namespace wprox::hj_problems {

enum class Coefficient { Shifted, One, Stiff };

// What the user sets and what the example fixes (name, cost, coefficient).
struct SeparableSettings {
  std::string name;
  long dim = 1;
  double visc = 0.0;
  double T = 1.0;
  double u0 = 0.0, omega = 0.0;  // hj-hopf-lax: the drift u0 cos(omega t)
  double contrast = 100.0;       // hj-stiff: max a / min a
  ControlCost cost = ControlCost::Quadratic;
  Coefficient coefficient = Coefficient::Shifted;
};

std::shared_ptr<const HjProblem> make_separable_problem(const SeparableSettings& s);

// Problem parameters: dim, visc, T (all); u0, omega (hj-hopf-lax);
// contrast (hj-stiff).
SettingsSchema<SeparableSettings> separable_schema(Coefficient coefficient);

}  // namespace wprox::hj_problems
