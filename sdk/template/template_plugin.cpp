// A complete wprox method plugin: deterministic gradient flow of the
// particles, x <- x - h grad V(x). Copy this folder to start a new method.
//
// What a method provides: a name, the kind of problem it takes, its settings
// (a struct whose fields are bound to parameters in one schema: each
// parameter is declared once), and a start function returning a Run whose
// step() advances one step. SamplerRun (the sampling kit) supplies initial
// particles, diagnostics and results.
#include <cmath>

#include <wprox/sampling.hpp>
#include <wprox/sdk.hpp>

namespace {

struct FlowSettings : wprox::SamplerSettings {
  double clip = 0.0;  // largest step length per particle (0: none)
};

class GradientFlow : public wprox::SamplerRun {
 public:
  GradientFlow(const wprox::TargetProblem& t, const FlowSettings& s, const wprox::RunContext& ctx)
      : SamplerRun(t, s, ctx, "gradient-flow"), clip_(s.clip) {}

 protected:
  void move(long /*k*/, wprox::Diagnostics& d) override {
    wprox::Particles grad;
    wprox::evaluate(target_.potential(), X_, nullptr, &grad);  // parallel over particles
    for (long i = 0; i < X_.rows(); ++i) {
      const double len = h_ * grad.row(i).norm();
      const double scale = clip_ > 0 && len > clip_ ? clip_ / len : 1.0;
      X_.row(i) -= scale * h_ * grad.row(i);
    }
    d.set("grad_norm", grad.norm() / std::sqrt(double(X_.rows())));
  }

 private:
  double clip_;
};

void register_all(wprox::Registry& r) {
  using S = FlowSettings;
  auto schema =
      wprox::SettingsSchema<S>()
          .include(wprox::sampler_schema(100, 100, 0.1))
          .real("clip", &S::clip, 0.0, "largest step length per particle (0: no limit)", wprox::Range::at_least(0.0));
  r.add_method(wprox::make_method<wprox::TargetProblem>(
      "gradient-flow", "template plugin: deterministic gradient flow x <- x - h grad V(x)", "gaussian", schema,
      [](const wprox::TargetProblem& t, const S& s, const wprox::RunContext& ctx) {
        return std::make_unique<GradientFlow>(t, s, ctx);
      }));
}

}  // namespace

WPROX_PLUGIN("template", "0.2.0", register_all)
