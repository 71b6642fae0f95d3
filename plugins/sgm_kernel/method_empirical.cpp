// sgm-empirical: generation with the exact score of the heat-smoothed
// empirical measure of the training set. It reproduces the training points
// (memorization): at T - t = eps the samples sit at distance ~ beta sqrt(eps)
// from training points, since eta(., eps) is a mixture of N(Z_i, beta^2 eps I).
#include <cmath>

#include <wprox/sample_metrics.hpp>

#include "metrics.hpp"
#include "methods.hpp"
#include "score.hpp"

namespace wprox::sgm {
namespace {

class EmpiricalRun : public Run {
 public:
  EmpiricalRun(const DatasetProblem& data, const Params& p, const RunContext& ctx)
      : Run(p.integer("segments")),
        data_(data),
        settings_(reverse_settings(p, p.text("dynamics") == "sde")),
        quality_(quality_settings(p, ctx.seed)),
        score_(data.train(), settings_.beta),
        sampler_(score_, settings_, ctx.seed),
        Y_(sampler_.initial(p.integer("samples"))) {}

  Results results() const override {
    Results r;
    r.arrays.push_back(make_array("samples", Y_));
    r.arrays.push_back(make_array("train", data_.train()));
    r.arrays.push_back(make_array("heldout", data_.heldout()));
    add_sample_pictures(data_.train(), Y_, "sgm-empirical: samples over the training data", r);
    return r;
  }

  std::string headline() const override { return "median_nn_train"; }
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
  MethodInfo m;
  m.name = "sgm-empirical";
  m.problem_kind = DatasetProblem::kKind;
  m.default_problem = "two-moons";
  m.summary = "score-based generation with the empirical (kernel) score: reproduces the training set";
  m.schema.integer("samples", 1000, "number of generated samples", Range::at_least(1))
      .choice("dynamics", "ode", {"ode", "sde"}, "probability-flow ODE or reverse SDE");
  add_reverse_params(m.schema);
  add_quality_params(m.schema);
  m.start = [](const Problem& problem, const Params& p, const RunContext& ctx) -> std::unique_ptr<Run> {
    return std::make_unique<EmpiricalRun>(problem_as<DatasetProblem>(problem), p, ctx);
  };
  r.add_method(std::move(m));
}

}  // namespace wprox::sgm
