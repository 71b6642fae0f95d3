#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/checkpoint.hpp>

#include "explicit_scheme.hpp"
#include "hj_run.hpp"
#include "pdhg_hj_method.hpp"

namespace wprox::pdhg_hj {

namespace {

// substeps >= 1: that many equal steps per time level, each checked against
// the CFL limit (the first one before the run starts: InputError; a later
// one, after the gradient grew: RunError). substeps = 0: adaptive steps of
// cfl * (the CFL limit of the current phi), landing on every time level.
class ExplicitRun : public HjRun {
 public:
  ExplicitRun(const HjProblem& p, HjCommon common, long substeps, double cfl, long max_substeps)
      : HjRun(p, std::move(common)),
        scheme_(grid_, p.viscosity()),
        substeps_(substeps),
        cfl_(cfl),
        max_substeps_(max_substeps) {
    if (substeps_ == 0) {
      // Refuse up front what would run for ever (a huge viscosity or gradient
      // makes the CFL limit tiny).
      const std::vector<double> g(level(0), level(0) + grid_.size);
      const double need = dt() / (cfl_ * scheme_.cfl_limit(g));
      WPROX_REQUIRE(need <= double(max_substeps_), InputError,
                    "explicit-hj: the CFL limit "
                        << scheme_.cfl_limit(g) << " needs about " << need
                        << " substeps per time level, more than max_substeps = " << max_substeps_
                        << " (raise max_substeps, coarsen the grid, or use pdhg-hj)");
    }
    if (substeps_ > 0) {
      const std::vector<double> g(level(0), level(0) + grid_.size);
      const double limit = scheme_.cfl_limit(g), h = dt() / double(substeps_);
      if (h > limit) {
        const long need = long(std::ceil(dt() / limit));
        WPROX_REQUIRE(false, InputError,
                      "explicit-hj: time step dt = "
                          << h << " (T/((time_levels-1) substeps)) exceeds the CFL limit; the largest allowed dt is "
                          << limit << " (use substeps >= " << need << ", or substeps = 0 for automatic steps)");
      }
    }
  }

 protected:
  void do_step(long k, Diagnostics& diag) override {
    std::vector<double> phi(level(k - 1), level(k - 1) + grid_.size);
    const double span = dt();
    long taken = 0;
    double smallest = HUGE_VAL, tightest = HUGE_VAL;
    // Forward Euler: each substep uses the model at the time it steps from.
    const double t0 = time(k - 1);
    if (substeps_ > 0) {
      const double h = span / double(substeps_);
      for (long j = 0; j < substeps_; ++j) {
        grid_.set_time(problem_, t0 + double(j) * h);
        const double limit = scheme_.cfl_limit(phi);
        tightest = std::min(tightest, limit);
        if (h > limit * (1.0 + 1e-12)) {
          std::ostringstream os;
          os << "explicit-hj: dt = " << h << " exceeds the CFL limit " << limit
             << " of the current solution (its gradient grew); use more substeps or substeps = 0";
          throw RunError(k, os.str());
        }
        scheme_.step(phi, h);
        smallest = std::min(smallest, h);
        ++taken;
      }
    } else {
      double t = 0.0;
      while (t < span * (1.0 - 1e-14)) {
        grid_.set_time(problem_, t0 + t);
        const double limit = scheme_.cfl_limit(phi);
        tightest = std::min(tightest, limit);
        double h = std::min(cfl_ * limit, span - t);
        // Avoid a sliver of a last step: split the rest evenly.
        if (span - t > h && span - t < 2.0 * h) h = 0.5 * (span - t);
        if (taken == max_substeps_) {
          std::ostringstream os;
          os << "explicit-hj: more than max_substeps = " << max_substeps_ << " substeps in one time level (CFL limit "
             << limit << "); raise max_substeps or use pdhg-hj";
          throw RunError(k, os.str());
        }
        scheme_.step(phi, h);
        t += h;
        smallest = std::min(smallest, h);
        ++taken;
      }
    }
    for (double v : phi)
      if (!std::isfinite(v)) throw RunError(k, "explicit-hj: non-finite value");
    std::copy(phi.begin(), phi.end(), level(k));
    diag.set("substeps", double(taken));
    diag.set("dt_min", smallest);
    diag.set("cfl_limit", tightest);
    total_ += taken;
  }
  void method_metrics(Diagnostics& out) const override { out.set("total_substeps", double(total_)); }
  // Each level starts from the last one alone: the levels and the substep
  // total are the whole state.
  void save_state(StateWriter& w) const override {
    HjRun::save_state(w);
    w.integer("total_substeps", total_);
  }
  void load_state(const StateReader& r) override {
    HjRun::load_state(r);
    total_ = r.integer("total_substeps");
  }

 private:
  ExplicitScheme scheme_;
  long substeps_;
  double cfl_;
  long max_substeps_;
  long total_ = 0;
};

}  // namespace

namespace {
struct ExplicitOptions : HjOptions {
  long substeps = 0, max_substeps = 10000000;
  double cfl = 0.9;
};
}  // namespace

MethodInfo explicit_hj_method() {
  using S = ExplicitOptions;
  auto schema =
      SettingsSchema<S>()
          .include(common_schema())
          .integer("substeps", &S::substeps, 0,
                   "explicit steps per time level (a step beyond the CFL limit is refused); 0: automatic, cfl * limit",
                   Range::closed(0, 1e9))
          .real("cfl", &S::cfl, 0.9, "fraction of the CFL limit used by automatic steps", Range::open_closed(0.0, 1.0))
          .integer("max_substeps", &S::max_substeps, 10000000,
                   "automatic steps: most substeps per time level before giving up", Range::closed(1, 1e9));
  return make_method<HjProblem>(
      "explicit-hj", "Hamilton-Jacobi by the monotone explicit upwind (Engquist-Osher) scheme under its CFL limit",
      "hj-quadratic", schema, [](const HjProblem& p, const S& o, const RunContext&) {
        return std::make_unique<ExplicitRun>(p, read_common(p, o), o.substeps, o.cfl, o.max_substeps);
      });
}

}  // namespace wprox::pdhg_hj
