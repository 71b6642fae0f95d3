#pragma once
// The separable examples of docs/hamilton-jacobi.md on [0, 2]^d, periodic, with
// g(x) = sum_i sin(pi x_i) and f_i(x, alpha) = -a(x_i) alpha_i:
//   hj-quadratic    a = (x - 1)^2 + 0.1, L = |alpha|^2 / 2, H = sum a^2 p_i^2 / 2
//   hj-homogeneous  a = (x - 1)^2 + 0.1, L = indicator |alpha_i| <= 1, H = sum a |p_i|
//   hj-hopf-lax     a = 1, L = |alpha|^2 / 2, H = |p|^2 / 2: exact solution by
//                   Hopf-Lax (visc = 0) or Hopf-Cole (visc > 0), a sum over axes.
#include <memory>
#include <string>

#include <wprox/kinds/hj.hpp>
#include <wprox/sdk.hpp>

namespace wprox::hj_problems {

enum class Coefficient { Shifted, One };

// What the user sets (dim, visc, T) and what the example fixes (name, cost, coefficient).
struct SeparableSettings {
  std::string name;
  int dim = 1;
  double visc = 0.0;
  double T = 1.0;
  ControlCost cost = ControlCost::Quadratic;
  Coefficient coefficient = Coefficient::Shifted;
};

std::shared_ptr<const HjProblem> make_separable_problem(const SeparableSettings& s);

// Problem parameters shared by the three (dim, visc, T).
SettingsSchema<SeparableSettings> separable_schema();

}  // namespace wprox::hj_problems
