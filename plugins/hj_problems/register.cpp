// Registers the Hamilton-Jacobi problems (kind "hj").
#include <wprox/sdk.hpp>

#include "newton.hpp"
#include "separable_examples.hpp"
#include "vortex.hpp"

namespace {

using namespace wprox;
using namespace wprox::hj_problems;

ProblemInfo separable(const std::string& name, const std::string& summary, ControlCost cost, Coefficient coef) {
  return make_problem<HjProblem>(name, summary, separable_schema(coef),
                                 [name, cost, coef](SeparableSettings s, const RunContext&) {
                                   s.name = name;
                                   s.cost = cost;
                                   s.coefficient = coef;
                                   return make_separable_problem(s);
                                 });
}

void register_all(Registry& r) {
  r.add_problem(separable("hj-quadratic",
                          "H = sum ((x_i-1)^2+0.1)^2 p_i^2 / 2 on [0,2]^d periodic, g = sum sin(pi x_i)",
                          ControlCost::Quadratic, Coefficient::Shifted));
  r.add_problem(separable("hj-homogeneous",
                          "H = sum ((x_i-1)^2+0.1) |p_i| (bang-bang control) on [0,2]^d periodic, g = sum sin(pi x_i)",
                          ControlCost::Box, Coefficient::Shifted));
  r.add_problem(separable("hj-hopf-lax",
                          "H = -b(t).p + |p|^2 / 2 on [0,2]^d periodic, g = sum sin(pi x_i): exact by Hopf-Lax / "
                          "Hopf-Cole",
                          ControlCost::Quadratic, Coefficient::One));
  r.add_problem(separable("hj-stiff",
                          "H = sum a(x_i) |p_i|, a from 0.1 to 0.1*contrast across [0,2]^d periodic, g = sum sin(pi "
                          "x_i)",
                          ControlCost::Box, Coefficient::Stiff));
  r.add_problem(make_problem<HjProblem>(
      "hj-newton", "Newton's law: state (v, y), H = p_v^2/2 - v p_y, Neumann in v, periodic in y", newton_schema(),
      [](const NewtonSettings& s, const RunContext&) { return make_newton_problem(s); }));
  r.add_problem(make_problem<HjProblem>(
      "hj-vortex", "non-separable, time-dependent: turning vortex drift, control matrix G(x), on [0,2]^2 periodic",
      vortex_schema(), [](const VortexSettings& s, const RunContext&) { return make_vortex_problem(s); }));
}

}  // namespace

WPROX_PLUGIN("hj_problems", "0.3.0", register_all)
