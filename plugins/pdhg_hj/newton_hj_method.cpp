#include <algorithm>

#include <wprox/checkpoint.hpp>

#include "hj_run.hpp"
#include "newton_step.hpp"
#include "pdhg_hj_method.hpp"

namespace wprox::pdhg_hj {

namespace {

class NewtonRun : public ImplicitHjRun {
 public:
  NewtonRun(const HjProblem& p, HjCommon common, const NewtonSettings& s)
      : ImplicitHjRun(p, std::move(common)), solver_(grid_, p.viscosity(), s) {}

 protected:
  void do_step(long k, Diagnostics& diag) override {
    grid_.set_time(problem_, time(k));
    const std::vector<double> prev(level(k - 1), level(k - 1) + grid_.size);
    std::vector<double> phi = prev;  // start from the last level
    const ImplicitStep step = implicit_step(k);
    const NewtonStats st = solver_.solve(step.phi0, step.dt, phi, k);
    std::copy(phi.begin(), phi.end(), level(k));
    diag.set("iterations", double(st.iterations));
    diag.set("linear_iterations", double(st.linear_iterations));
    diag.set("residual", st.residual);
    count_iterations(st.iterations);
    linear_ += st.linear_iterations;
  }
  std::string headline() const override { return "residual"; }
  // The policy iteration keeps nothing from one step to the next (its
  // controls are maximized afresh before every use): the levels and the
  // totals are the whole state.
  void save_state(StateWriter& w) const override {
    ImplicitHjRun::save_state(w);
    w.integer("total_linear_iterations", linear_);
  }
  void load_state(const StateReader& r) override {
    ImplicitHjRun::load_state(r);
    linear_ = r.integer("total_linear_iterations");
  }
  void method_metrics(Diagnostics& out) const override {
    ImplicitHjRun::method_metrics(out);
    out.set("total_linear_iterations", double(linear_));
  }

 private:
  NewtonImplicitStep solver_;
  long linear_ = 0;
};

struct NewtonHjOptions : HjOptions {
  double tol = 1e-6;
  long max_iter = 50;
};

}  // namespace

MethodInfo newton_hj_method() {
  using S = NewtonHjOptions;
  const NewtonSettings d;
  auto schema = SettingsSchema<S>()
                    .include(common_schema())
                    .include(implicit_schema())
                    .real("tol", &S::tol, d.tol,
                          "stop a time step when dt*|F(phi)|_inf <= tol (the max-norm distance to the implicit "
                          "solution)",
                          Range::positive())
                    .integer("max_iter", &S::max_iter, d.max_iter, "policy iterations per time step before giving up",
                             Range::closed(1, 1e6));
  return make_method<HjProblem>(
      "newton-hj",
      "Hamilton-Jacobi by implicit upwind steps, each solved by policy iteration (Newton; no CFL limit)",
      "hj-quadratic", schema, [](const HjProblem& p, const S& o, const RunContext&) {
        NewtonSettings s;
        s.tol = o.tol;
        s.max_iter = o.max_iter;
        return std::make_unique<NewtonRun>(p, read_common(p, o), s);
      });
}

}  // namespace wprox::pdhg_hj
