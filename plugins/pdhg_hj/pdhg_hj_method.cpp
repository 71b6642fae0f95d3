#include "pdhg_hj_method.hpp"

#include <algorithm>

#include <wprox/checkpoint.hpp>

#include "hj_run.hpp"
#include "explicit_scheme.hpp"
#include "pdhg_step.hpp"

namespace wprox::pdhg_hj {

namespace {

struct PdhgHjOptions : HjOptions {
  std::string preconditioner = "auto";
  double c = 1.0, step = 0.95, ratio = 0.0, control_step = -1.0, tol = 1e-6, damping = 1.0;
  long max_iter = 100000, refresh = 15;
};

// The settings with the automatic choices made: the preconditioner (see
// the schema), then the ratio and the control step that suit it.
PdhgSettings resolve(const HjProblem& p, const HjGrid& g, const PdhgHjOptions& o) {
  PdhgSettings s;
  bool spectral = o.preconditioner == "spectral";
  if (o.preconditioner == "auto" && g.dim > 1 && p.viscosity() > 0) {
    // Diffusion-dominated steps: the spectral metric is exact for the
    // stiff part and costs one FFT pair per iteration.
    double diffusion = 0.0;
    for (int a = 0; a < g.dim; ++a) diffusion += 2.0 * p.viscosity() / (g.h(a) * g.h(a));
    std::vector<double> g0(std::size_t(g.size));
    for (long i = 0; i < g.size; ++i) g0[std::size_t(i)] = p.initial(&g.points[std::size_t(i * g.dim)]);
    const double transport = 1.0 / ExplicitScheme(g, 0.0).cfl_limit(g0);
    spectral = diffusion >= transport;
  }
  s.preconditioner = spectral ? Preconditioner::Spectral : Preconditioner::Linearized;
  s.c = o.c;
  s.step = o.step;
  s.ratio = o.ratio > 0 ? o.ratio : (spectral ? 1.0 : 8.0);
  s.control_step = o.control_step >= 0 ? o.control_step : (p.control_cost() == ControlCost::Quadratic ? 0.0 : 1.0);
  s.tol = o.tol;
  s.max_iter = o.max_iter;
  s.refresh = o.refresh;
  s.damping = o.damping;
  return s;
}

class PdhgRun : public ImplicitHjRun {
 public:
  PdhgRun(const HjProblem& p, HjCommon common, const PdhgHjOptions& o)
      : ImplicitHjRun(p, std::move(common)),
        solver_(grid_, p.viscosity(), resolve(p, grid_, o)),
        extrapolate_(p.control_cost() == ControlCost::Quadratic) {}

 protected:
  void do_step(long k, Diagnostics& diag) override {
    grid_.set_time(problem_, time(k));
    const std::vector<double> prev(level(k - 1), level(k - 1) + grid_.size);
    // Warm start: the last level (rho and controls are kept by the solver)
    // and, from the third level on with a quadratic control cost, the
    // extrapolation 2 phi_{k-1} - phi_{k-2}. Not for a box cost: there phi
    // follows a running minimum that saturates, the extrapolation
    // overshoots, and although its predictor can have the smaller residual
    // it measured slower (hj-homogeneous, dt/dx = 16: 103 iterations per
    // step against 48).
    std::vector<double> phi = prev, extrapolated;
    if (extrapolate_ && k >= 2) {
      const double* older = level(k - 2);
      extrapolated.resize(prev.size());
      for (std::size_t i = 0; i < prev.size(); ++i) extrapolated[i] = 2.0 * prev[i] - older[i];
    }
    const ImplicitStep step = implicit_step(k);
    const StepStats st = solver_.solve(step.phi0, step.dt, phi, k, extrapolated.empty() ? nullptr : &extrapolated);
    std::copy(phi.begin(), phi.end(), level(k));
    diag.set("iterations", double(st.iterations));
    diag.set("residual", st.residual);
    diag.set("step_size", st.step);
    diag.set("restarts", double(st.restarts));
    diag.set("rebuilds", double(st.rebuilds));
    diag.set("rollbacks", double(st.rollbacks));
    diag.set("rho_min", st.rho_min);
    diag.set("rho_max", st.rho_max);
    count_iterations(st.iterations);
  }
  std::string headline() const override { return "residual"; }
  void save_state(StateWriter& w) const override {
    ImplicitHjRun::save_state(w);
    solver_.save_state(w);
  }
  void load_state(const StateReader& r) override {
    ImplicitHjRun::load_state(r);
    solver_.load_state(r);
  }

 private:
  PdhgImplicitStep solver_;
  bool extrapolate_;
};

}  // namespace

MethodInfo pdhg_hj_method() {
  using S = PdhgHjOptions;
  const PdhgSettings d;
  auto schema =
      SettingsSchema<S>()
          .include(common_schema())
          .include(implicit_schema())
          .choice("preconditioner", &S::preconditioner, "auto", {"auto", "linearized", "spectral"},
                  "primal metric: linearized (A^T A of the scheme at the current controls plus a damped "
                  "control-coupling term, sparse solves), spectral (constant coefficients by FFT); auto: spectral "
                  "on a 2-D/3-D grid where diffusion is stiffer than transport at t = 0, linearized otherwise")
          .real("c", &S::c, d.c, "weight of -(c/dt) sum phi; the multiplier rho ~ c", Range::positive())
          .real("pdhg_step", &S::step, d.step, "PDHG step s: tau = s/r, sigma = s r (halved on divergence or stall)",
                Range::positive())
          .alias("step", "pdhg_step")  // distinct from a time step h (docs/parameters.md)
          .real("ratio", &S::ratio, 0.0, "r = sqrt(sigma/tau); 0: 8 (linearized) or 1 (spectral)",
                Range::at_least(0.0))
          .real("control_step", &S::control_step, -1.0,
                "rho sigma of the control prox step (0: exact maximizer); -1: exact for a quadratic cost, 1 for a box",
                Range::at_least(-1.0))
          .real("tol", &S::tol, d.tol,
                "stop a time step when dt*|F(phi)|_inf <= tol (the max-norm distance to the implicit solution)",
                Range::positive())
          .integer("max_iter", &S::max_iter, d.max_iter, "PDHG iterations per time step before giving up",
                   Range::closed(1, 1e9))
          .integer("refresh", &S::refresh, d.refresh,
                   "linearized: iterations between rebuilds of the linearization and of P", Range::closed(1, 1e9))
          .real("damping", &S::damping, d.damping,
                "linearized: initial weight mu of the control-coupling term of P (adapted during a step)",
                Range::positive());
  return make_method<HjProblem>(
      "pdhg-hj", "Hamilton-Jacobi by implicit upwind steps, each solved by preconditioned PDHG (no CFL limit)",
      "hj-quadratic", schema, [](const HjProblem& p, const S& o, const RunContext&) {
        return std::make_unique<PdhgRun>(p, read_common(p, o), o);
      });
}

}  // namespace wprox::pdhg_hj
