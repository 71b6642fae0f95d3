// Wall time of mfc-score (kernel and flow score) and mfc-bsde to reach a
// relative L2 error of 2 % in phi, all in the same run with the same network,
// fit and sample sizes (the defaults of the settings structs), on
//   lq       a = 1, b = 0.5, nu = 1, s0 = 0.7, T = 1, or
//   entropy  a = c = nu = 1, b = 0.5, s0 = 1, T = 1.
// Each method takes outer iterations until err_phi (measured inside step(),
// on the fixed evaluation points) drops below the target or the iteration
// budget is spent. BSDE is the reference of the ratios.
// Usage: bench_mfc [problem=lq] [dim=1] [max_outer=40] [threads=0] [target=0.02]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <wprox/parallel.hpp>

#include "bsde_method.hpp"
#include "gaussian_mfc.hpp"
#include "score_method.hpp"
#include "timing.hpp"

using namespace wprox;
using namespace wprox::mfc;

namespace {

struct Reached {
  double seconds = 0;  // wall time of the outer iterations up to the target
  long outer = 0;      // outer iterations taken (0: never reached)
  double err_phi = 1, err_grad = 1, err_lap = 1, per_outer = 0;
};

Reached time_to_target(FixedPointMethod& m, double target) {
  Reached r;
  const auto t0 = std::chrono::steady_clock::now();
  for (long k = 1; k <= m.outer_iterations(); ++k) {
    Diagnostics d;
    m.step(k, d);
    r.err_phi = d.get("err_phi"), r.err_grad = d.get("err_grad"), r.err_lap = d.get("err_lap");
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.per_outer = r.seconds / double(k);
    if (r.err_phi < target) {
      r.outer = k;
      break;
    }
  }
  return r;
}

void print(const char* name, const Reached& r, double target) {
  if (r.outer > 0)
    std::printf(
        "  %-12s reached %.1f %% after %2ld outer iterations, %7.2f s  (%.3f s per outer iteration; "
        "grad %.2f %%, Laplace %.2f %%)\n",
        name, 100 * target, r.outer, r.seconds, r.per_outer, 100 * r.err_grad, 100 * r.err_lap);
  else
    std::printf("  %-12s did not reach %.1f %% in %7.2f s (last err_phi %.2f %%)\n", name, 100 * target, r.seconds,
                100 * r.err_phi);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "lq";
  const int dim = argc > 2 ? std::atoi(argv[2]) : 1;
  const long max_outer = argc > 3 ? std::atol(argv[3]) : 40;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
  const double target = argc > 5 ? std::atof(argv[5]) : 0.02;

  GaussianMfcParams prm;  // lq: a = 1, b = 0.5, c = 0, nu = 1, s0 = 0.7, T = 1
  prm.dim = dim;
  if (name == "entropy") prm.c = 1, prm.s0 = 1;
  const GaussianMfc problem(prm);
  ScoreMethodSettings kernel;  // the defaults
  kernel.outer_iterations = max_outer;
  ScoreMethodSettings flow = kernel;
  flow.score = ScoreSource::flow;
  BsdeMethodSettings bs;
  bs.outer_iterations = max_outer;

  std::printf(
      "mfc %s %d-D: time to err_phi < %.1f %% (%ld particles, %ld steps, %ld Adam steps per outer "
      "iteration, at most %ld outer iterations)\n",
      problem.name().c_str(), dim, 100 * target, kernel.particles, kernel.time_steps, kernel.fit.fit_iterations,
      max_outer);
  Reached rk, rf, rb;
  with_threads(threads, [&] {
    ScoreMethod km(problem, kernel, 1);
    rk = time_to_target(km, target);
    ScoreMethod fm(problem, flow, 1);
    rf = time_to_target(fm, target);
    BsdeMethod bm(problem, bs, 1);
    rb = time_to_target(bm, target);
  });
  print("score/kernel", rk, target);
  print("score/flow", rf, target);
  print("bsde", rb, target);
  if (rb.outer > 0 && rk.outer > 0)
    bench::print_ratio("  time to target: mfc-bsde (reference) vs mfc-score/kernel", rb.seconds, rk.seconds);
  if (rb.outer > 0 && rf.outer > 0)
    bench::print_ratio("  time to target: mfc-bsde (reference) vs mfc-score/flow", rb.seconds, rf.seconds);
  return 0;
}
