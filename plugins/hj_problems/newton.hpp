#pragma once
// hj-newton: Newton's law with a controlled acceleration. State (v, y),
// dv/ds = alpha, dy/ds = v, L = alpha^2 / 2, so H = p_v^2 / 2 - v p_y;
// g(v, y) = sin(pi y) exp(-v^2 / 2) on [-vmax, vmax] x [0, 2), Neumann in v
// (reflecting: g is flat there up to exp(-vmax^2 / 2)), periodic in y.
#include <memory>

#include <wprox/kinds/hj.hpp>
#include <wprox/sdk.hpp>

namespace wprox::hj_problems {

struct NewtonSettings {
  double visc = 0.0, T = 1.0, vmax = 3.0;
};
std::shared_ptr<const HjProblem> make_newton_problem(const NewtonSettings& s);
SettingsSchema<NewtonSettings> newton_schema();

}  // namespace wprox::hj_problems
