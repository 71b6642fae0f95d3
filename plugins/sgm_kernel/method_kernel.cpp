// sgm-kernel: the generalizing kernel model. Each run step is one Adam
// iteration; after the last one the model generates its samples (directly,
// or by the reverse SDE / probability-flow ODE with the closed-form score).
#include <algorithm>
#include <cmath>

#include <Eigen/LU>
#include <wprox/picture_helpers.hpp>
#include <wprox/sample_metrics.hpp>

#include "methods.hpp"
#include "metrics.hpp"
#include "score.hpp"
#include "training.hpp"

namespace wprox::sgm {
namespace {

// Direct sampling draws from a purpose of its own (the reverse dynamics
// use "sgm.reverse.*", the training "sgm-kernel.batch").
constexpr std::uint64_t kDirect = stream_purpose("sgm-kernel.direct");

struct KernelOptions : ReverseOptions, QualityOptions, TrainSettings {
  long samples = 1000, iterations = 2000;
  std::string sampler = "direct";
};

class KernelRun : public Run {
 public:
  KernelRun(const DatasetProblem& data, const KernelOptions& o, const RunContext& ctx)
      : Run(o.iterations),
        data_(data),
        count_(o.samples),
        sampler_kind_(o.sampler),
        reverse_(reverse_settings(o, sampler_kind_ == "sde")),
        quality_(quality_settings(o, ctx.seed)),
        seed_(ctx.seed),
        trainer_(data.train(), static_cast<const TrainSettings&>(o), ctx.seed) {}

  // Generates the samples of the trained model (directly, or by the reverse
  // dynamics with the closed-form score) and measures them and the model.
  void finish() override {
    const KernelModel m = trainer_.model();
    if (sampler_kind_ == "direct") {
      Y_ = sample_model(m, count_, StreamKey{seed_, kDirect});
    } else {
      MixtureScore score(m, reverse_.beta);
      ReverseSampler rs(score, reverse_, seed_);
      Y_ = rs.initial(count_);
      for (long k = 1; k <= reverse_.segments; ++k) rs.advance(k, Y_);
    }
    final_.clear();
    sample_quality(data_, Y_, quality_, final_);
    if (data_.heldout().rows() > 0) final_.set("heldout_sm_loss", trainer_.loss(data_.heldout()));
    final_.set("train_sm_loss", trainer_.loss(trainer_.loss_points()));
    sampled_ = true;
  }

  Results results() const override {
    const KernelModel m = trainer_.model();
    Results r;
    if (sampled_) r.arrays.push_back(make_array("samples", Y_));
    r.arrays.push_back(make_array("train", data_.train()));
    r.arrays.push_back(make_array("heldout", data_.heldout()));
    r.arrays.push_back(make_array("centres", m.centres));
    r.arrays.push_back(precision_array(m));
    if (sampled_) add_sample_pictures(data_.train(), Y_, "sgm-kernel: samples over the training data", r);
    if (m.dim() >= 2) r.pictures.push_back(ellipses(m));
    if (!losses_.empty()) r.pictures.push_back(loss_curve());
    return r;
  }

  void metrics(Diagnostics& out) const override {
    for (const auto& [name, v] : final_.items()) out.set(name, v);
    if (!losses_.empty()) out.set("final_batch_loss", losses_.back());
  }

  std::string headline() const override { return "loss"; }

  bool checkpointable() const override { return true; }

 protected:
  void save_state(StateWriter& w) const override {
    save_training(w, "network", trainer_.network(), trainer_.optimizer());
    w.values("losses", losses_);
  }
  void load_state(const StateReader& r) override {
    load_training(r, "network", trainer_.network(), trainer_.optimizer());
    losses_ = r.values("losses");
  }

 public:

 protected:
  void do_step(long k, Diagnostics& diag) override {
    const double loss = trainer_.step(k);
    losses_.push_back(loss);
    diag.set("loss", loss);
  }

 private:
  static Array precision_array(const KernelModel& m) {
    const std::size_t n = m.size(), d = m.dim();
    Array a{"precisions", {n, d, d}, std::vector<double>(n * d * d)};
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t r = 0; r < d; ++r)
        for (std::size_t c = 0; c < d; ++c) a.data[(i * d + r) * d + c] = m.precision[i](r, c);
    return a;
  }

  // Local covariances Gamma_i^{-1} (their (x1, x2) block) at up to 200
  // centres over the data: the slides' two-moons picture.
  Picture ellipses(const KernelModel& m) const {
    Picture p;
    p.name = "ellipses";
    const std::string note = projection_note(0, 1, long(m.dim()));
    p.title = "sgm-kernel: local covariances over the data" + (note.empty() ? "" : " (" + note + ")");
    p.xlabel = "x1";
    p.ylabel = "x2";
    p.equal_axes = true;
    Layer data;
    data.kind = Layer::Kind::Points;
    data.label = "training data";
    for (long k = 0; k < data_.train().rows(); ++k) {
      data.x.push_back(data_.train()(k, 0));
      data.y.push_back(data_.train()(k, 1));
    }
    Layer e;
    e.kind = Layer::Kind::Ellipses;
    e.label = "local covariance";
    e.color = 1;
    const long stride = std::max<long>(1, m.size() / 200);
    for (long i = 0; i < m.size(); i += stride) {
      const Matrix cov = m.precision[i].inverse();
      e.x.push_back(m.centres(i, 0));
      e.y.push_back(m.centres(i, 1));
      e.a.push_back(cov(0, 0));
      e.b.push_back(cov(0, 1));
      e.c.push_back(cov(1, 1));
    }
    p.layers.push_back(std::move(data));
    p.layers.push_back(std::move(e));
    return p;
  }

  Picture loss_curve() const {
    Picture p;
    p.name = "loss";
    p.title = "sgm-kernel: implicit score-matching loss per mini-batch";
    p.xlabel = "iteration";
    p.ylabel = "loss";
    Layer l;
    l.kind = Layer::Kind::Curve;
    l.label = "batch loss";
    for (std::size_t k = 0; k < losses_.size(); ++k) {
      l.x.push_back(double(k + 1));
      l.y.push_back(losses_[k]);
    }
    p.layers.push_back(std::move(l));
    return p;
  }

  const DatasetProblem& data_;
  long count_;
  std::string sampler_kind_;
  ReverseSettings reverse_;
  QualitySettings quality_;
  std::uint64_t seed_;
  KernelTrainer trainer_;
  std::vector<double> losses_;
  Particles Y_;  // the generated samples, made by finish()
  bool sampled_ = false;
  Diagnostics final_;  // sample quality and losses, measured by finish()
};

}  // namespace

void register_kernel(Registry& r) {
  using S = KernelOptions;
  auto schema =
      SettingsSchema<S>()
          .integer("samples", &S::samples, 1000, "number of generated samples", Range::closed(1, 1e8))
          .integer("centres", &S::centres, 1000,
                   "kernel centres: the first rows of the training set (the rest are loss points)", Range::closed(1, 1e6))
          .integer("width", &S::width, 64, "hidden units per layer of the precision network", Range::closed(1, 4096))
          .integer("depth", &S::depth, 5, "hidden layers of the precision network", Range::closed(1, 64))
          .real("lr", &S::lr, 2e-3, "Adam learning rate", Range::positive())
          .integer("iterations", &S::iterations, 2000, "Adam iterations (one per run step)", Range::closed(1, 1e9))
          .integer("batch", &S::batch, 64, "loss points per iteration", Range::closed(1, 1e7))
          .real("delta", &S::delta, 0.01, "precision floor: Gamma = L L^T + delta I", Range::positive())
          .choice("sampler", &S::sampler, "direct", {"direct", "ode", "sde"},
                  "direct (centre, then Gaussian), probability-flow ODE or reverse SDE with the closed-form score")
          .include(reverse_schema())
          .include(quality_schema());
  r.add_method(make_method<DatasetProblem>(
      "sgm-kernel", "kernel generative model with learned local precisions (generalizes instead of copying)",
      "two-moons", schema, [](const DatasetProblem& data, const S& o, const RunContext& ctx) {
        return std::make_unique<KernelRun>(data, o, ctx);
      }));
}

}  // namespace wprox::sgm
