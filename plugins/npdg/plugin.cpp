// The npdg plugin: neural solvers of elliptic equations (docs/neural-pde.md).
// Problems of kind "elliptic" (elliptic-nd: variable coefficient, linear;
// semilinear-nd: -Lap u + u^3 = f; both with closed-form solutions on
// [0, 1]^d, d = 1..50) and the methods npdg (natural primal-dual gradient
// with MINRES Gram solves), pinn-adam (residual minimization with Adam) and
// wan (weak adversarial network with Adam).
#include <wprox/sdk.hpp>

#include "schemas.hpp"
#include "trainer_run.hpp"

namespace {

using namespace wprox;
using namespace wprox::npdg;

template <class Solver, class S>
auto starter() {
  return [](const EllipticProblem& p, const MethodSettings<S>& s, const RunContext& ctx) {
    return std::make_unique<TrainerRun>(std::make_unique<Solver>(p, s.trainer, ctx.seed), s.trainer.iterations,
                                        s.init);
  };
}

void register_all(Registry& r) {
  r.add_problem(make_problem<EllipticProblem>(
      "elliptic-nd",
      "-div(a grad u) = f on [0,1]^d, Dirichlet, a = a0 + a1 sin(pi s(x)); exact u = sum_i cos(pi x_i) / sqrt(d)",
      cosine_problem_schema(elliptic_nd_defaults()),
      [](const CosineSettings& s, const RunContext&) { return make_elliptic_nd(s); }));
  r.add_problem(make_problem<EllipticProblem>(
      "semilinear-nd", "-Lap u + u^3 = f on [0,1]^d, Dirichlet (monotone semilinear); exact u as elliptic-nd",
      cosine_problem_schema(semilinear_nd_defaults()),
      [](const CosineSettings& s, const RunContext&) { return make_semilinear_nd(s); }));
  r.add_method(make_method<EllipticProblem>(
      "npdg", "natural primal-dual gradient (PDHG with Gram-preconditioned steps, MINRES) for neural PDE solutions",
      "elliptic-nd", npdg_schema(), starter<NpdgSolver, NpdgSettings>()));
  r.add_method(make_method<EllipticProblem>("pinn-adam",
                                            "physics-informed residual minimization with Adam (the PINN baseline)",
                                            "elliptic-nd", pinn_schema(), starter<PinnAdam, PinnSettings>()));
  r.add_method(make_method<EllipticProblem>("wan", "weak adversarial network: weak-form min-max with Adam",
                                            "elliptic-nd", wan_schema(), starter<WanSolver, WanSettings>()));
}

}  // namespace

WPROX_PLUGIN("npdg", "0.1.0", register_all)
