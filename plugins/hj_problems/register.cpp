// Registers the Hamilton-Jacobi problems (kind "hj").
#include <wprox/sdk.hpp>

#include "newton.hpp"
#include "separable_examples.hpp"

namespace {

using namespace wprox;
using namespace wprox::hj_problems;

ProblemInfo separable(const std::string& name, const std::string& summary, ControlCost cost, Coefficient coef) {
  ProblemInfo p;
  p.name = name;
  p.kind = HjProblem::kKind;
  p.summary = summary;
  p.schema = separable_schema();
  p.create = [name, cost, coef](const Params& params, const RunContext&) {
    SeparableSettings s;
    s.name = name;
    s.dim = int(params.integer("dim"));
    s.visc = params.real("visc");
    s.T = params.real("T");
    s.cost = cost;
    s.coefficient = coef;
    return make_separable_problem(s);
  };
  return p;
}

void register_all(Registry& r) {
  r.add_problem(separable("hj-quadratic",
                          "H = sum ((x_i-1)^2+0.1)^2 p_i^2 / 2 on [0,2]^d periodic, g = sum sin(pi x_i)",
                          ControlCost::Quadratic, Coefficient::Shifted));
  r.add_problem(separable("hj-homogeneous",
                          "H = sum ((x_i-1)^2+0.1) |p_i| (bang-bang control) on [0,2]^d periodic, g = sum sin(pi x_i)",
                          ControlCost::Box, Coefficient::Shifted));
  r.add_problem(separable("hj-hopf-lax",
                          "H = |p|^2 / 2 on [0,2]^d periodic, g = sum sin(pi x_i): exact by Hopf-Lax / Hopf-Cole",
                          ControlCost::Quadratic, Coefficient::One));
  ProblemInfo newton;
  newton.name = "hj-newton";
  newton.kind = HjProblem::kKind;
  newton.summary = "Newton's law: state (v, y), H = p_v^2/2 - v p_y, Neumann in v, periodic in y";
  newton.schema = newton_schema();
  newton.create = [](const Params& params, const RunContext&) {
    return make_newton_problem(params.real("visc"), params.real("T"), params.real("vmax"));
  };
  r.add_problem(std::move(newton));
}

}  // namespace

WPROX_PLUGIN("hj_problems", "0.1", register_all)
