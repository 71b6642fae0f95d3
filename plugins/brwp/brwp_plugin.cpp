// Registers the method "brwp": the deterministic (noise-free) particle
// sampler whose score comes from the kernel formula of the regularized
// Wasserstein proximal operator (docs/samplers.md).
#include <optional>

#include <wprox/sampling.hpp>
#include <wprox/sdk.hpp>

#include "brwp_step.hpp"

namespace wprox::brwp {
namespace {

struct BrwpSettings : SamplerSettings {
  std::optional<double> T;
  ZMethod z = ZMethod::Laplace;
  long mc_samples = 32;
  double prox_tol = 1e-10;
  long prox_iterations = 200;
};

SettingsSchema<BrwpSettings> brwp_schema() {
  using S = BrwpSettings;
  return SettingsSchema<S>()
      .include(sampler_schema(500, 100, 0.1))
      .optional_real("T", &S::T, "RWPO time (kernel bandwidth 2T/beta); default: equal to h", Range::positive())
      .choice("z", &S::z, "laplace", {{"laplace", ZMethod::Laplace}, {"mc", ZMethod::MonteCarlo}},
              "normalizer Z(y): laplace (z* = prox_{TV}(y), exact for quadratic V) or mc (Monte Carlo over "
              "N(y, (2T/beta) I))")
      .integer("mc_samples", &S::mc_samples, 32, "draws per particle and step for z=mc", Range::closed(1, 1e5))
      .real("prox_tol", &S::prox_tol, 1e-10,
            "z=laplace: tolerance on the prox residual |z + T grad V(z) - y| / max(1, |y|)", Range::open(0.0, 1e-2))
      .integer("prox_iterations", &S::prox_iterations, 200, "z=laplace: most Newton/BFGS iterations per particle",
               Range::closed(1, 1e6));
}

StepSettings step_settings(const BrwpSettings& b, std::uint64_t seed) {
  StepSettings s;
  s.h = b.h;
  s.T = b.T.value_or(b.h);
  s.beta = b.beta;
  s.z.method = b.z;
  s.z.T = s.T;
  s.z.beta = s.beta;
  s.z.mc_samples = b.mc_samples;
  s.z.seed = seed;
  s.z.prox.tol = b.prox_tol;
  s.z.prox.max_iterations = b.prox_iterations;
  return s;
}

class BrwpRun : public SamplerRun {
 public:
  BrwpRun(const TargetProblem& t, const BrwpSettings& s, const RunContext& ctx)
      : SamplerRun(t, s, ctx, "brwp"), settings_(step_settings(s, ctx.seed)) {}
  // Ranks move their own rows; the kernel passes the others' rows around
  // the ring of ranks (brwp_step.hpp).
  bool shards_particles() const override { return true; }
  std::size_t shard_grain() const override { return kernel_ring_grain(); }

 protected:
  void move(long k, Diagnostics& d) override {
    StepInfo info;
    brwp_step(target_.potential(), X_, settings_, k, ws_, &info, ctx_.communicator());
    if (settings_.z.method == ZMethod::Laplace) d.set("prox_iters", double(info.prox_iterations));
    d.set("self_weight", info.mean_self_weight);
  }

 private:
  StepSettings settings_;
  StepWorkspace ws_;
};

void register_all(Registry& r) {
  r.add_method(make_method<TargetProblem>(
      "brwp", "BRWP: noise-free particle sampler with the regularized Wasserstein proximal kernel score", "gaussian",
      brwp_schema(), [](const TargetProblem& t, const BrwpSettings& s, const RunContext& ctx) {
        return std::make_unique<BrwpRun>(t, s, ctx);
      }));
}

}  // namespace
}  // namespace wprox::brwp

WPROX_PLUGIN("brwp", "0.2.0", wprox::brwp::register_all)
