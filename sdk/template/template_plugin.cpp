// A complete wprox method plugin: deterministic gradient flow of the
// particles, x <- x - h grad V(x). Copy this folder to start a new method.
//
// What a method provides: a name, the kind of problem it takes, a parameter
// schema, and start(), which returns a Run whose step() advances one step.
// SamplerRun supplies initial particles, diagnostics and results.
#include <wprox/sdk.hpp>

namespace {

class GradientFlow : public wprox::SamplerRun {
 public:
  GradientFlow(const wprox::TargetProblem& t, const wprox::Params& p, const wprox::RunContext& ctx)
      : SamplerRun(t, p, ctx, "gradient-flow") {}

 protected:
  void move(long /*k*/, wprox::Diagnostics& d) override {
    wprox::Particles grad;
    wprox::evaluate(target_.potential(), X_, nullptr, &grad);  // parallel over particles
    X_ -= h_ * grad;
    d.set("grad_norm", grad.norm() / std::sqrt(double(X_.rows())));
  }
};

void register_all(wprox::Registry& r) {
  wprox::MethodInfo m;
  m.name = "gradient-flow";
  m.problem_kind = wprox::TargetProblem::kKind;
  m.default_problem = "gaussian";
  m.summary = "template plugin: deterministic gradient flow x <- x - h grad V(x)";
  wprox::add_sampler_params(m.schema, 100, 100, 0.1);
  m.start = [](const wprox::Problem& p, const wprox::Params& params,
               const wprox::RunContext& ctx) -> std::unique_ptr<wprox::Run> {
    return std::make_unique<GradientFlow>(wprox::problem_as<wprox::TargetProblem>(p), params, ctx);
  };
  r.add_method(std::move(m));
}

}  // namespace

WPROX_PLUGIN("template", "0.1.0", register_all)
