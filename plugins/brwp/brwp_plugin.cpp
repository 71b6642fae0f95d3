// Registers the method "brwp": the deterministic (noise-free) particle
// sampler whose score comes from the kernel formula of the regularized
// Wasserstein proximal operator (METHODS.md section 1).
#include <wprox/sdk.hpp>

#include "brwp_step.hpp"

namespace wprox::brwp {
namespace {

ParamSchema brwp_schema() {
  ParamSchema s;
  add_sampler_params(s, 500, 100, 0.1)
      .optional_real("T", "RWPO time (kernel bandwidth 2T/beta); default: equal to h", Range::positive())
      .choice("z", "laplace", {"laplace", "mc"},
              "normalizer Z(y): laplace (z* = prox_{TV}(y), exact for quadratic V) or mc (Monte Carlo over "
              "N(y, (2T/beta) I))")
      .integer("mc_samples", 32, "draws per particle and step for z=mc", Range::at_least(1))
      .real("prox_tol", 1e-10, "z=laplace: tolerance on the prox residual |z + T grad V(z) - y| / max(1, |y|)",
            Range::open(0.0, 1e-2))
      .integer("prox_iterations", 200, "z=laplace: most Newton/BFGS iterations per particle", Range::at_least(1));
  return s;
}

StepSettings step_settings(const Params& p, std::uint64_t seed) {
  StepSettings s;
  s.h = p.real("h");
  s.T = p.has("T") ? p.real("T") : s.h;
  s.beta = p.real("beta");
  s.z.method = p.text("z") == "mc" ? ZMethod::MonteCarlo : ZMethod::Laplace;
  s.z.T = s.T;
  s.z.beta = s.beta;
  s.z.mc_samples = p.integer("mc_samples");
  s.z.seed = seed;
  s.z.prox.tol = p.real("prox_tol");
  s.z.prox.max_iterations = p.integer("prox_iterations");
  return s;
}

class BrwpRun : public SamplerRun {
 public:
  BrwpRun(const TargetProblem& t, const Params& p, const RunContext& ctx)
      : SamplerRun(t, p, ctx, "brwp"), settings_(step_settings(p, ctx.seed)) {}

 protected:
  void move(long k, Diagnostics& d) override {
    StepInfo info;
    brwp_step(target_.potential(), X_, settings_, k, ws_, &info);
    if (settings_.z.method == ZMethod::Laplace) d.set("prox_iters", double(info.prox_iterations));
    d.set("self_weight", info.mean_self_weight);
  }

 private:
  StepSettings settings_;
  StepWorkspace ws_;
};

void register_all(Registry& r) {
  MethodInfo m;
  m.name = "brwp";
  m.problem_kind = TargetProblem::kKind;
  m.default_problem = "gaussian";
  m.summary = "BRWP: noise-free particle sampler with the regularized Wasserstein proximal kernel score";
  m.schema = brwp_schema();
  m.start = [](const Problem& problem, const Params& p, const RunContext& ctx) -> std::unique_ptr<Run> {
    return std::make_unique<BrwpRun>(problem_as<TargetProblem>(problem), p, ctx);
  };
  r.add_method(std::move(m));
}

}  // namespace
}  // namespace wprox::brwp

WPROX_PLUGIN("brwp", "0.1", wprox::brwp::register_all)
