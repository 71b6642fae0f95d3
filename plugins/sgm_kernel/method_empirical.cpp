// sgm-empirical: generation with the exact score of the heat-smoothed
// empirical measure of the training set. It reproduces the training points
// (memorization): at T - t = eps the samples sit at distance ~ beta sqrt(eps)
// from training points, since eta(., eps) is a mixture of N(Z_i, beta^2 eps I).
#include <cmath>

#include <wprox/sample_metrics.hpp>

#include "methods.hpp"
#include "metrics.hpp"
#include "score.hpp"

namespace wprox::sgm {
namespace {

struct EmpiricalOptions : ReverseOptions, QualityOptions {
  long samples = 1000;
  bool sde = false;
};

class EmpiricalRun : public Run {
 public:
  EmpiricalRun(const DatasetProblem& data, const EmpiricalOptions& o, const RunContext& ctx)
      : Run(o.segments),
        data_(data),
        settings_(reverse_settings(o, o.sde)),
        quality_(quality_settings(o, ctx.seed)),
        score_(data.train(), settings_.beta),
        sampler_(score_, settings_, ctx.seed),
        Y_(sampler_.initial(o.samples)) {}

  Results results() const override {
    Results r;
    r.arrays.push_back(make_array("samples", Y_));
    r.arrays.push_back(make_array("train", data_.train()));
    r.arrays.push_back(make_array("heldout", data_.heldout()));
    add_sample_pictures(data_.train(), Y_, "sgm-empirical: samples over the training data", r);
    return r;
  }

  std::string headline() const override { return "median_nn_train"; }
  bool checkpointable() const override { return true; }
  void metrics(Diagnostics& out) const override {
    const double tau = sampler_.tau_at(steps_done());
    sample_quality(data_, Y_, quality_, out);
    // Memorization law: eta(., tau) is a mixture of N(Z_i, beta^2 tau I), so
    // the distance to the nearest training point scales like beta sqrt(tau).
    out.set("T_minus_t", tau);
    out.set("median_nn_over_beta_sqrt_tau", out.get("median_nn_samples") / (settings_.beta * std::sqrt(tau)));
    out.set("rhs_evals", double(sampler_.rhs_evals()));
  }

 protected:
  void save_state(StateWriter& w) const override {
    w.matrix("samples", Y_);
    w.integer("rhs_evals", sampler_.rhs_evals());
  }
  void load_state(const StateReader& r) override {
    Y_ = r.matrix("samples", Y_.rows(), Y_.cols());
    sampler_.set_rhs_evals(r.integer("rhs_evals"));
  }

  void do_step(long k, Diagnostics& diag) override {
    sampler_.advance(k, Y_);
    const double tau = sampler_.tau_at(k);
    diag.set("t", settings_.T - tau);
    diag.set("T_minus_t", tau);
    diag.set("median_nn_train", median(nearest_distances(Y_, data_.train()).d1));
    diag.set("rhs_evals", double(sampler_.rhs_evals()));
  }

 private:
  const DatasetProblem& data_;
  ReverseSettings settings_;
  QualitySettings quality_;
  EmpiricalScore score_;
  ReverseSampler sampler_;
  Particles Y_;
};

}  // namespace

void register_empirical(Registry& r) {
  using S = EmpiricalOptions;
  auto schema =
      SettingsSchema<S>()
          .integer("samples", &S::samples, 1000, "number of generated samples", Range::closed(1, 1e8))
          .choice("dynamics", &S::sde, "ode", {{"ode", false}, {"sde", true}}, "probability-flow ODE or reverse SDE")
          .include(reverse_schema())
          .include(quality_schema());
  r.add_method(make_method<DatasetProblem>(
      "sgm-empirical", "score-based generation with the empirical (kernel) score: reproduces the training set",
      "two-moons", schema, [](const DatasetProblem& data, const S& o, const RunContext& ctx) {
        return std::make_unique<EmpiricalRun>(data, o, ctx);
      }));
}

}  // namespace wprox::sgm
