#include "pdhg_hj_method.hpp"

#include <algorithm>

#include "hj_run.hpp"
#include "implicit_step.hpp"

namespace wprox::pdhg_hj {

namespace {

class PdhgRun : public HjRun {
 public:
  PdhgRun(const HjProblem& p, HjCommon common, const PdhgSettings& s)
      : HjRun(p, std::move(common)), solver_(grid_, p.viscosity(), s) {}

 protected:
  void do_step(long k, Diagnostics& diag) override {
    const std::vector<double> prev(level(k - 1), level(k - 1) + grid_.size);
    std::vector<double> phi = prev;  // warm start: the last level (rho and controls are kept by the solver)
    const StepStats st = solver_.solve(prev, dt(), phi, k);
    std::copy(phi.begin(), phi.end(), level(k));
    diag.set("iterations", double(st.iterations));
    diag.set("residual", st.residual);
    diag.set("step_size", st.step);
    diag.set("restarts", double(st.restarts));
    diag.set("rho_min", st.rho_min);
    diag.set("rho_max", st.rho_max);
    total_ += st.iterations;
    max_ = std::max(max_, st.iterations);
  }
  std::string headline() const override { return "residual"; }
  void method_metrics(Diagnostics& out) const override {
    out.set("total_iterations", double(total_));
    out.set("max_iterations", double(max_));
    out.set("mean_iterations", steps_done() > 0 ? double(total_) / double(steps_done()) : 0.0);
  }

 private:
  PdhgImplicitStep solver_;
  long total_ = 0, max_ = 0;
};

}  // namespace

namespace {
struct PdhgHjOptions : HjOptions {
  double c_ = 1.0, step_ = 0.5, control_step_ = 1.0, tol_ = 1e-6;
  long max_iter_ = 200000;
};
}  // namespace

MethodInfo pdhg_hj_method() {
  using S = PdhgHjOptions;
  const PdhgSettings d;
  auto schema =
      SettingsSchema<S>()
          .include(common_schema())
          .real("c", &S::c_, d.c, "weight of -(c/dt) sum phi; the multiplier rho ~ c", Range::positive())
          .real("step", &S::step_, d.step, "PDHG step s: tau = s/1.5, sigma = 1.5 s (halved on divergence or stall)",
                Range::positive())
          .real("control_step", &S::control_step_, d.control_step, "control prox step / sigma (0: exact maximizer)",
                Range::at_least(0))
          .real("tol", &S::tol_, d.tol,
                "stop a time step when dt*|F(phi)|_inf <= tol (the max-norm distance to the implicit solution)",
                Range::positive())
          .integer("max_iter", &S::max_iter_, d.max_iter, "PDHG iterations per time step before giving up",
                   Range::at_least(1));
  return make_method<HjProblem>(
      "pdhg-hj", "Hamilton-Jacobi by implicit upwind steps, each solved by preconditioned PDHG (no CFL limit)",
      "hj-quadratic", schema, [](const HjProblem& p, const S& o, const RunContext&) {
        PdhgSettings s;
        s.c = o.c_;
        s.step = o.step_;
        s.control_step = o.control_step_;
        s.tol = o.tol_;
        s.max_iter = o.max_iter_;
        return std::make_unique<PdhgRun>(p, read_common(p, o), s);
      });
}

}  // namespace wprox::pdhg_hj
