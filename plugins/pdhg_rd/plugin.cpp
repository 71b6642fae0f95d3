// Registers pdhg-rd and newton-krylov-rd: two solvers of the same
// backward-Euler windows of a reaction–diffusion problem (kind "pde").
#include <memory>
#include <string>

#include <wprox/pde.hpp>
#include <wprox/sdk.hpp>

#include "newton_krylov_solver.hpp"
#include "pdhg_solver.hpp"
#include "rd_run.hpp"

namespace pdhg_rd {
namespace {

using wprox::ParamSchema;
using wprox::Params;
using wprox::Range;

void add_step_params(ParamSchema& s, long quick_default, const std::string& quick_doc) {
  s.optional_real("ht", "time step; unset: the problem's (allen-cahn, cahn-hilliard 1e-3; mobility, fch6 1e-2)",
                  Range::positive())
      .optional_integer("nt", "implicit steps solved together as one window; unset: the problem's "
                        "(cahn-hilliard 10, others 1)", Range::at_least(1))
      .real("tol", 1e-6, "stop a window when ||F(U)/ht||_inf < tol", Range::positive())
      .choice("adaptive", "auto", {"auto", "on", "off"},
              "adaptive time steps (grow after quick solves, halve and retry failed ones); auto: the problem's "
              "choice (on for allen-cahn-mobility)")
      .optional_real("ht_max", "largest adaptive step; unset: the problem's (mobility 0.08) or ht", Range::positive())
      .real("ht_min", 1e-8, "smallest adaptive step before a failure is final", Range::positive())
      .real("grow", 1.1, "adaptive growth factor after a quick solve", Range::closed(1.0, 10.0))
      .integer("quick_iterations", quick_default, quick_doc, Range::at_least(0));
}

StepControl step_control(const wprox::PdeProblem& p, const Params& prm) {
  const wprox::PdeStepHints& hint = p.hints();
  StepControl c;
  c.ht = prm.has("ht") ? prm.real("ht") : hint.ht;
  c.nt = prm.has("nt") ? int(prm.integer("nt")) : hint.nt;
  const std::string& a = prm.text("adaptive");
  c.adaptive = a == "on" || (a == "auto" && hint.adaptive);
  c.ht_max = prm.has("ht_max") ? prm.real("ht_max") : (hint.ht_max > 0 ? std::max(hint.ht_max, c.ht) : c.ht);
  c.ht_min = prm.real("ht_min");
  c.grow = prm.real("grow");
  c.quick_iterations = prm.integer("quick_iterations");
  return c;
}

wprox::MethodInfo pdhg_method() {
  wprox::MethodInfo m;
  m.name = "pdhg-rd";
  m.problem_kind = wprox::PdeProblem::kKind;
  m.default_problem = "allen-cahn";
  m.summary = "preconditioned PDHG for time-implicit reaction-diffusion (Liu, Liu, Osher, Li)";
  add_step_params(m.schema, 400, "a window solved in at most this many iterations lets ht grow");
  m.schema.real("tau_p", 0.95, "dual step tau_P", Range::positive())
      .optional_real("tau_u", "primal step tau_U; unset: 0.55 (0.5 for 6th-order models)", Range::positive())
      .real("omega", 1.0, "extrapolation omega", Range::closed(0.0, 2.0))
      .real("eps_r", 0.1, "dual regularization eps_r", Range::at_least(0.0))
      .integer("max_iter", 20000, "iteration cap per window", Range::at_least(1));
  m.start = [](const wprox::Problem& prob, const Params& prm, const wprox::RunContext&) -> std::unique_ptr<wprox::Run> {
    const auto& p = wprox::problem_as<wprox::PdeProblem>(prob);
    PdhgSettings s;
    s.tau_p = prm.real("tau_p");
    s.tau_u = prm.has("tau_u") ? prm.real("tau_u") : (p.model().order() >= 6 ? 0.5 : 0.55);
    s.omega = prm.real("omega");
    s.eps_r = prm.real("eps_r");
    s.tol = prm.real("tol");
    s.max_iter = prm.integer("max_iter");
    SolverFactory make = [s](const WindowSystem& sys, std::shared_ptr<const wprox::SpectralTransform2D> t,
                             std::vector<double> lambda) -> std::unique_ptr<WindowSolver> {
      return std::make_unique<PdhgSolver>(sys, std::move(t), std::move(lambda), s);
    };
    return std::make_unique<RdRun>(p, step_control(p, prm), make, "pdhg-rd");
  };
  return m;
}

wprox::MethodInfo newton_krylov_method() {
  wprox::MethodInfo m;
  m.name = "newton-krylov-rd";
  m.problem_kind = wprox::PdeProblem::kKind;
  m.default_problem = "allen-cahn";
  m.summary = "Newton-Krylov (KINSOL + SPGMR, exact Jv, FFT preconditioner) for time-implicit reaction-diffusion";
  add_step_params(m.schema, 5, "a window solved in at most this many Newton iterations lets ht grow");
  m.schema.integer("max_newton", 50, "Newton iteration cap per window", Range::at_least(1))
      .integer("krylov_dim", 100, "SPGMR Krylov subspace dimension (maxl)", Range::at_least(1))
      .integer("max_restarts", 5, "SPGMR restarts", Range::at_least(0))
      .boolean("linesearch", true, "KINSOL line search globalization (else full Newton steps)");
  m.start = [](const wprox::Problem& prob, const Params& prm, const wprox::RunContext&) -> std::unique_ptr<wprox::Run> {
    const auto& p = wprox::problem_as<wprox::PdeProblem>(prob);
    NewtonKrylovSettings s;
    s.tol = prm.real("tol");
    s.max_newton = prm.integer("max_newton");
    s.krylov_dim = int(prm.integer("krylov_dim"));
    s.max_restarts = int(prm.integer("max_restarts"));
    s.linesearch = prm.flag("linesearch");
    SolverFactory make = [s](const WindowSystem& sys, std::shared_ptr<const wprox::SpectralTransform2D> t,
                             std::vector<double> lambda) -> std::unique_ptr<WindowSolver> {
      return std::make_unique<NewtonKrylovSolver>(sys, std::move(t), std::move(lambda), s);
    };
    return std::make_unique<RdRun>(p, step_control(p, prm), make, "newton-krylov-rd");
  };
  return m;
}

void register_all(wprox::Registry& r) {
  r.add_method(pdhg_method());
  r.add_method(newton_krylov_method());
}

}  // namespace
}  // namespace pdhg_rd

WPROX_PLUGIN("pdhg_rd", "1.0", pdhg_rd::register_all)
