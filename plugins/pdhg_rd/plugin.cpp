// Registers pdhg-rd and newton-krylov-rd: two solvers of the same
// backward-Euler windows of a reaction–diffusion problem (kind "pde").
#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include <wprox/errors.hpp>
#include <wprox/kinds/pde.hpp>
#include <wprox/memory.hpp>
#include <wprox/sdk.hpp>

#include "newton_krylov_solver.hpp"
#include "pdhg_solver.hpp"
#include "rd_run.hpp"

namespace pdhg_rd {
namespace {

using wprox::Range;
using wprox::SettingsSchema;

// Caps of the size and count parameters: each fits an int with room to
// spare; the memory they add up to (nt slots of the grid, times the fields a
// solver keeps per slot) is checked against the machine in check_memory().
constexpr double kMaxSlots = 1000, kMaxKrylov = 1000, kMaxRestarts = 1000, kMaxIterations = 1e9;

// Refuses a window that cannot fit in memory: `fields` doubles per grid
// point and slot (the solver's vectors), plus a few full fields.
void check_memory(const wprox::PdeProblem& p, int nt, double fields, const std::string& what) {
  const double m = double(p.grid().size());
  wprox::require_memory(8.0 * m * (double(nt) * fields + 8.0),
                        what + " on " + std::to_string(p.grid().n(0)) + " x " + std::to_string(p.grid().n(1)) +
                            " points with steps_per_window = " + std::to_string(nt),
                        "lower problem.n or steps_per_window");
}

// What both solvers take: the time stepping of the windows.
struct StepOptions {
  std::optional<double> ht, ht_max, ht_first, startup_time;
  std::optional<long> nt;
  double tol = 1e-6, ht_min = 1e-8, grow = 1.1;
  std::string adaptive = "auto";
  long quick_iterations = 0;
};

SettingsSchema<StepOptions> step_schema(long quick_default, const std::string& quick_doc) {
  using S = StepOptions;
  return SettingsSchema<S>()
      .optional_real("h", &S::ht,
                     "time step; unset: the problem's (allen-cahn, cahn-hilliard 1e-3; mobility, fch6 1e-2)",
                     Range::positive())
      .optional_integer("steps_per_window", &S::nt,
                        "implicit steps solved together as one window; unset: the problem's "
                        "(cahn-hilliard 10, others 1)",
                        Range::closed(1, kMaxSlots))
      .real("tol", &S::tol, 1e-6, "stop a window when ||F(U)/h||_inf < tol", Range::positive())
      .choice("adaptive", &S::adaptive, "auto", {"auto", "on", "off"},
              "adaptive time steps (grow after quick solves, halve and retry failed ones); auto: the problem's "
              "choice (on for allen-cahn-mobility)")
      .optional_real("h_max", &S::ht_max, "largest adaptive step; unset: the problem's (mobility 0.08) or h",
                     Range::positive())
      .optional_real("h_first", &S::ht_first,
                     "start-up step cap: windows before startup_time take steps of at most h_first, then the cap "
                     "doubles each window up to h; unset: the problem's (mobility: eps/4) or none",
                     Range::positive())
      .optional_real("startup_time", &S::startup_time,
                     "end of the start-up phase (see h_first); unset: the problem's (mobility: 10 eps) or 0",
                     Range::at_least(0.0))
      .real("h_min", &S::ht_min, 1e-8, "smallest adaptive step before a failure is final", Range::positive())
      .real("grow", &S::grow, 1.1, "adaptive growth factor after a quick solve", Range::closed(1.0, 10.0))
      .integer("quick_iterations", &S::quick_iterations, quick_default, quick_doc, Range::closed(0, kMaxIterations))
      // Names before the common vocabulary (docs/parameters.md).
      .alias("ht", "h")
      .alias("nt", "steps_per_window")
      .alias("ht_max", "h_max")
      .alias("ht_first", "h_first")
      .alias("ht_min", "h_min");
}

StepControl step_control(const wprox::PdeProblem& p, const StepOptions& o) {
  const wprox::PdeStepHints& hint = p.hints();
  StepControl c;
  c.ht = o.ht.value_or(hint.ht);
  c.nt = o.nt ? int(*o.nt) : hint.nt;
  c.adaptive = o.adaptive == "on" || (o.adaptive == "auto" && hint.adaptive);
  c.ht_max = o.ht_max ? *o.ht_max : (hint.ht_max > 0 ? std::max(hint.ht_max, c.ht) : c.ht);
  c.ht_min = o.ht_min;
  c.grow = o.grow;
  c.quick_iterations = o.quick_iterations;
  c.ht_first = o.ht_first.value_or(hint.ht_first);
  c.startup_time = o.startup_time.value_or(hint.startup_time);
  return c;
}

struct PdhgOptions : StepOptions {
  double tau_p = 0.95, omega = 1.0, eps_r = 0.1;
  std::optional<double> tau_u;
  long max_iter = 20000;
};

struct NewtonKrylovOptions : StepOptions {
  long max_newton = 50, krylov_dim = 100, max_restarts = 5;
  bool linesearch = true;
};

wprox::MethodInfo pdhg_method() {
  using S = PdhgOptions;
  auto schema =
      SettingsSchema<S>()
          .include(step_schema(400, "a window solved in at most this many iterations lets h grow"))
          .real("tau_p", &S::tau_p, 0.95, "dual step tau_P", Range::positive())
          .optional_real("tau_u", &S::tau_u, "primal step tau_U; unset: 0.55 (0.5 for 6th-order models)",
                         Range::positive())
          .real("omega", &S::omega, 1.0, "extrapolation omega", Range::closed(0.0, 2.0))
          .real("eps_r", &S::eps_r, 0.1, "dual regularization eps_r", Range::at_least(0.0))
          .integer("max_iter", &S::max_iter, 20000, "iteration cap per window", Range::closed(1, kMaxIterations));
  return wprox::make_method<wprox::PdeProblem>(
      "pdhg-rd", "preconditioned PDHG for time-implicit reaction-diffusion (Liu, Liu, Osher, Li)", "allen-cahn", schema,
      [](const wprox::PdeProblem& p, const S& o, const wprox::RunContext& ctx) {
        PdhgSettings s;
        s.tau_p = o.tau_p;
        s.tau_u = o.tau_u.value_or(p.model().order() >= 6 ? 0.5 : 0.55);
        s.omega = o.omega;
        s.eps_r = o.eps_r;
        s.tol = o.tol;
        s.max_iter = o.max_iter;
        const StepControl c = step_control(p, o);
        // U, P, P_good, W, U_next per slot.
        check_memory(p, c.nt, 5.0, "pdhg-rd");
        SolverFactory make = [s](const WindowSystem& sys, std::shared_ptr<const wprox::SlabTransform> t,
                                 std::vector<double> lambda) -> std::unique_ptr<WindowSolver> {
          return std::make_unique<PdhgSolver>(sys, std::move(t), std::move(lambda), s);
        };
        return std::make_unique<RdRun>(p, c, make, "pdhg-rd", ctx.communicator());
      });
}

wprox::MethodInfo newton_krylov_method() {
  using S = NewtonKrylovOptions;
  auto schema =
      SettingsSchema<S>()
          .include(step_schema(5, "a window solved in at most this many Newton iterations lets h grow"))
          .integer("max_newton", &S::max_newton, 50, "Newton iteration cap per window",
                   Range::closed(1, kMaxIterations))
          .integer("krylov_dim", &S::krylov_dim, 100, "SPGMR Krylov subspace dimension (maxl)",
                   Range::closed(1, kMaxKrylov))
          .integer("max_restarts", &S::max_restarts, 5, "SPGMR restarts", Range::closed(0, kMaxRestarts))
          .boolean("linesearch", &S::linesearch, true, "KINSOL line search globalization (else full Newton steps)");
  return wprox::make_method<wprox::PdeProblem>(
      "newton-krylov-rd",
      "Newton-Krylov (KINSOL + SPGMR, exact Jv, FFT preconditioner) for time-implicit reaction-diffusion", "allen-cahn",
      schema, [](const wprox::PdeProblem& p, const S& o, const wprox::RunContext& ctx) {
        NewtonKrylovSettings s;
        s.tol = o.tol;
        s.max_newton = o.max_newton;
        s.krylov_dim = int(o.krylov_dim);
        s.max_restarts = int(o.max_restarts);
        s.linesearch = o.linesearch;
        const StepControl c = step_control(p, o);
        // SPGMR's krylov_dim + 1 basis vectors, KINSOL's own vectors (about
        // ten), U and F per slot.
        check_memory(p, c.nt, double(s.krylov_dim) + 13.0, "newton-krylov-rd");
        SolverFactory make = [s](const WindowSystem& sys, std::shared_ptr<const wprox::SlabTransform> t,
                                 std::vector<double> lambda) -> std::unique_ptr<WindowSolver> {
          return std::make_unique<NewtonKrylovSolver>(sys, std::move(t), std::move(lambda), s);
        };
        return std::make_unique<RdRun>(p, c, make, "newton-krylov-rd", ctx.communicator());
      });
}

void register_all(wprox::Registry& r) {
  r.add_method(pdhg_method());
  r.add_method(newton_krylov_method());
}

}  // namespace
}  // namespace pdhg_rd

WPROX_PLUGIN("pdhg_rd", "0.2.0", pdhg_rd::register_all)
