// sgm-empirical: generation with the exact score of the heat-smoothed
// empirical measure of the training set. It reproduces the training points
// (memorization): at T - t = eps the samples sit at distance ~ beta sqrt(eps)
// from training points, since eta(., eps) is a mixture of N(Z_i, beta^2 eps I).
#include <cmath>

#include <wprox/agreement.hpp>
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
        Y_(sampler_.initial(o.samples)),
        comm_(ctx.communicator()),
        split_{std::size_t(o.samples), sampler_.samples_independent() ? comm_.size() : 1} {}

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
    double median_nn = 0;
    if (split_.ranks > 1) {
      median_nn = sharded_segment(k);
    } else {
      sampler_.advance(k, Y_);
      median_nn = median(nearest_distances(Y_, data_.train()).d1);
    }
    const double tau = sampler_.tau_at(k);
    diag.set("t", settings_.T - tau);
    diag.set("T_minus_t", tau);
    diag.set("median_nn_train", median_nn);
    diag.set("rhs_evals", double(sampler_.rhs_evals()));
  }

  // Several ranks, samples that move on their own: each rank moves its
  // share against the whole training set (every rank holds it), then the
  // shares and their nearest distances are gathered, so Y_ and the
  // diagnostics are the one-rank run's on every rank. Returns the median
  // distance of the samples to the training set.
  double sharded_segment(long k) {
    const int r = comm_.rank();
    const long first = long(split_.begin(r)), n = long(split_.count(r)), d = Y_.cols();
    Particles own = Y_.middleRows(first, n);
    agree(comm_, [&] { sampler_.advance(k, own, first); });
    std::vector<std::size_t> counts = split_.counts();
    for (auto& c : counts) c *= std::size_t(d);
    comm_.all_gather(own.data(), std::size_t(n * d), Y_.data(), counts);
    const Vector own_nn = nearest_distances(own, data_.train()).d1;
    Vector nn(Y_.rows());
    comm_.all_gather(own_nn.data(), std::size_t(n), nn.data(), split_.counts());
    return median(nn);
  }

 private:
  const DatasetProblem& data_;
  ReverseSettings settings_;
  QualitySettings quality_;
  EmpiricalScore score_;
  ReverseSampler sampler_;
  Particles Y_;
  const Communicator& comm_;
  BlockSplit split_;  // of the samples; one share when they do not move apart
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
