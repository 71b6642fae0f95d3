// Embedding wprox in your own program: the whole API a host needs is the
// Registry (plugins), MethodInfo/ProblemInfo (schemas and factories) and Run.
//
// Runs MALA on a 2-D Gaussian with precision diag(1, 4) and prints the
// sample variances next to the exact ones (1 and 0.25).
#include <cstdio>

#include "wprox/registry.hpp"
#include "wprox/run_loop.hpp"
#include "wprox/sample_metrics.hpp"

int main() {
  wprox::Registry registry;
  registry.load_default_path();  // $WPROX_PLUGIN_PATH, then next to libwprox

  const wprox::MethodInfo& mala = registry.method("mala");
  const wprox::ProblemInfo& gaussian = registry.problem("gaussian");

  // Parameters are given as text, exactly as on the command line, and
  // validated against each schema.
  wprox::Params pp = gaussian.schema.resolve({{"precision", "1,4"}}, "problem 'gaussian'");
  wprox::Params mp = mala.schema.resolve({{"particles", "4000"}, {"steps", "200"}, {"h", "0.2"}}, "method 'mala'");

  wprox::RunContext ctx{/*seed=*/7, /*threads=*/0};
  auto problem = gaussian.create(pp, ctx);
  auto run = mala.start(*problem, mp, ctx);
  // The engine's run loop: observers see every step (a host could draw
  // progress, stop early or checkpoint here).
  wprox::RunLoop loop;
  loop.on_step([](const wprox::StepEvent& e) {
    if (e.step % 50 == 0) std::printf("step %ld: cov_err %.4f\n", e.step, e.diagnostics.get("cov_err"));
  });
  const wprox::RunOutcome outcome = loop.run(*run);
  if (outcome.status != wprox::RunOutcome::Status::Done) {
    std::printf("run %s: %s\n", outcome.status_name(), outcome.error.c_str());
    return 3;
  }
  // Read the particles from the results, as any host would.
  const wprox::Results results = run->results();
  const wprox::Array& X = results.arrays.front();  // particles.npy's content
  wprox::Particles P = Eigen::Map<const wprox::Particles>(X.data.data(), long(X.shape[0]), long(X.shape[1]));
  const wprox::Matrix C = wprox::sample_covariance(P);
  std::printf("particles %ld, variance x1 %.4f (exact 1), variance x2 %.4f (exact 0.25)\n", long(P.rows()), C(0, 0),
              C(1, 1));
  return 0;
}
