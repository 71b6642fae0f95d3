#pragma once
// hj-vortex: a non-separable, time-dependent Hamiltonian. On [0, 2]^2,
// periodic, g(x, y) = sin(pi x) + sin(pi y), the state is carried by a
// cellular flow of counter-rotating vortices whose sense turns over time,
// and steered through a state-dependent control matrix:
//   f(x, t, alpha) = u0 cos(omega t) (sin(pi x) cos(pi y), -cos(pi x) sin(pi y))
//                    + G(x) alpha,
//   G(x) = [[1, beta sin(pi y)], [beta sin(pi x), 1]],
// with L = |alpha|^2 / 2 (H = -b.p + |G^T p|^2 / 2) or, with cost = box,
// |alpha_j| <= 1 (H = -b.p + |G^T p|_1). G is invertible for beta < 1. No
// closed form: its tests use a fine explicit reference.
#include <memory>
#include <string>

#include <wprox/kinds/hj.hpp>
#include <wprox/sdk.hpp>

namespace wprox::hj_problems {

struct VortexSettings {
  double visc = 0.0, T = 1.0, u0 = 1.0, omega = 2.0 * 3.141592653589793, beta = 0.5;
  std::string cost = "quadratic";
};
std::shared_ptr<const HjProblem> make_vortex_problem(const VortexSettings& s);
SettingsSchema<VortexSettings> vortex_schema();

}  // namespace wprox::hj_problems
