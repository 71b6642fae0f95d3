// Benchmarks of the sgm_kernel plugin:
//  1. training time per 1000 Adam iterations with the authors' architecture
//     (1000 centres, batch 64, depth 5, width 64, GELU), against the
//     authors' PyTorch figure of ~66 ms per iteration on 2 cores (measured by
//     the authors' code, not rerun here: no PyTorch on this machine);
//  1b. the mixture's score-matching loss with its gradient and the mixture
//     score, on the engine's all-pairs kernel against the scalar loops they
//     replaced (bench/sgm/previous_kernel_model.cpp), timed in the same run;
//  2. samples per second of the kernel model: direct vs probability-flow ODE
//     (CVODE) vs reverse SDE;
//  3. right-hand-side evaluations of CVODE vs fixed-step RK4 at equal
//     accuracy on the probability-flow ODE of the empirical score, in both
//     time variables.
// Usage: bench_sgm [iterations=50] [threads=0]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <Eigen/Eigenvalues>

#include "datasets.hpp"
#include "previous_kernel_model.hpp"
#include "score.hpp"
#include "timing.hpp"
#include "training.hpp"

using namespace wprox;
using namespace wprox::sgm;

namespace {

double cpu_seconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

Particles flow(const ScaledScore& s, Particles Y, double T, double eps, const std::string& integrator, long steps,
               bool log_clock, double tol, long* evals) {
  ProbabilityFlow f(s, Y.rows(), T, log_clock);
  auto integ = make_integrator(integrator, steps, tol, tol * 1e-3);
  integ->integrate(f, f.clock(T), f.clock(eps), Y.data());
  *evals = integ->stats().rhs_evals;
  return Y;
}

double training(long iterations) {
  const Particles data = two_moons(3000, 1);
  TrainSettings s;  // the authors' defaults: 1000 centres, 64 x 5, batch 64
  KernelTrainer tr(data, s, 1);
  tr.step(1);  // warm-up (allocations)
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (long k = 2; k <= iterations + 1; ++k) tr.step(k);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  const double per_iter = wall / double(iterations);
  std::printf("training, 1000 centres, batch 64, depth 5, width 64 (%ld iterations timed)\n", iterations);
  std::printf("  wall %.2f ms/iteration (%.2f s per 1000), CPU %.2f ms/iteration\n", 1e3 * per_iter, 1e3 * per_iter,
              1e3 * cpu / double(iterations));
  bench::print_ratio("  per iteration: authors' PyTorch (66 ms, 2 cores) vs wprox", 0.066, per_iter);
  return per_iter;
}

// The kernel-model pieces that moved onto the engine kernel, before and after.
void kernel_model_before_after(double iteration_seconds) {
  const Particles data = two_moons(3000, 1);
  TrainSettings s;
  KernelTrainer tr(data, s, 1);
  for (long k = 1; k <= 5; ++k) tr.step(k);
  const RowMatrix L = tr.factors();
  const KernelModel m = tr.model();
  const Particles batch = tr.loss_points().topRows(s.batch);
  RowMatrix dL_before, dL_after;
  const double before = bench::best_seconds([&] { score_matching_loss_previous(m, batch, L, &dL_before); }, 5);
  const double after = bench::best_seconds([&] { score_matching_loss(m, batch, L, &dL_after); }, 5);
  std::printf("score-matching loss + gradient, 1000 centres, batch 64 (max |dL after - before| %.2g)\n",
              (dL_after - dL_before).cwiseAbs().maxCoeff());
  bench::print_ratio("  loss+gradient: scalar loops (before) vs kernel", before, after);
  if (iteration_seconds > 0)
    std::printf("  training iteration: %.2f ms now; with the scalar loss it would be %.2f ms (%.2fx)\n",
                1e3 * iteration_seconds, 1e3 * (iteration_seconds - after + before),
                (iteration_seconds - after + before) / iteration_seconds);
  // The mixture score at 1000 points (probability-flow ODE right-hand side).
  MixtureScore score(m, 1.0);
  std::vector<Matrix> vectors(m.size());
  std::vector<Vector> values(m.size());
  for (long i = 0; i < m.size(); ++i) {
    Eigen::SelfAdjointEigenSolver<Matrix> eig(m.precision[i]);
    vectors[i] = eig.eigenvectors();
    values[i] = eig.eigenvalues();
  }
  const Particles Y = sample_model(m, 1000, StreamKey{3, 0});
  Particles out_before, out_after;
  const double sb =
      bench::best_seconds([&] { mixture_score_previous(m, vectors, values, 1.0, Y, 0.1, out_before); }, 5);
  const double sa = bench::best_seconds([&] { score.eval(Y, 0.1, out_after); }, 5);
  std::printf("mixture score, 1000 centres, 1000 points (max |after - before| %.2g)\n",
              (out_after - out_before).cwiseAbs().maxCoeff());
  bench::print_ratio("  mixture score: scalar loop (before) vs kernel", sb, sa);
}

void sampling() {
  const Particles data = two_moons(2000, 2);
  TrainSettings s;
  KernelTrainer tr(data, s, 2);
  for (long k = 1; k <= 20; ++k) tr.step(k);
  const KernelModel m = tr.model();
  const long count = 1000;
  const double direct = bench::best_seconds([&] { sample_model(m, count, StreamKey{1, 0}); }, 3);
  MixtureScore score(m, 1.0);
  ReverseSettings r;
  r.eps = 1e-3;
  r.segments = 1;
  long evals = 0;
  const double ode = bench::best_seconds(
      [&] {
        ReverseSampler rs(score, r, 1);
        Particles Y = rs.initial(count);
        rs.advance(1, Y);
        evals = rs.rhs_evals();
      },
      1);
  r.sde = true;
  r.sde_steps = 100;
  const double sde = bench::best_seconds(
      [&] {
        ReverseSampler rs(score, r, 1);
        Particles Y = rs.initial(count);
        rs.advance(1, Y);
      },
      1);
  std::printf("sampling the kernel model (1000 centres, 2-D), %ld samples\n", count);
  std::printf("  direct %.3g samples/s, ODE (CVODE, %ld rhs evals) %.3g samples/s, SDE (100 steps) %.3g samples/s\n",
              count / direct, evals, count / ode, count / sde);
  bench::print_ratio("  direct sampling (reference: the ODE)", ode, direct);
}

void cvode_vs_rk4() {
  const Particles Z = two_moons(200, 3);
  EmpiricalScore s(Z, 1.0);
  const Particles Y0 = s.sample(200, 1.0, StreamKey{5, 0});
  const double eps = 1e-3;
  std::printf("probability-flow ODE of the empirical score (200 training points, 200 samples, eps = %g)\n", eps);
  for (bool log_clock : {true, false}) {
    long ref_evals = 0;
    const Particles ref = flow(s, Y0, 1.0, eps, "cvode", 0, log_clock, 1e-12, &ref_evals);
    std::printf("  %s clock (reference: CVODE rtol 1e-12, %ld evals)\n", log_clock ? "log" : "linear", ref_evals);
    for (double tol : {1e-4, 1e-6, 1e-8}) {
      long ce = 0;
      const double cerr = (flow(s, Y0, 1.0, eps, "cvode", 0, log_clock, tol, &ce) - ref).cwiseAbs().maxCoeff();
      long n = 4, re = 0;
      double rerr = 0;
      for (; n <= (1L << 20); n *= 2) {
        rerr = (flow(s, Y0, 1.0, eps, "rk4", n, log_clock, 0, &re) - ref).cwiseAbs().maxCoeff();
        if (std::isfinite(rerr) && rerr <= cerr) break;
      }
      std::printf(
          "    CVODE rtol %.0e: error %.2e with %5ld rhs evals; RK4 needs %7ld steps (%7ld evals, error %.2e): "
          "ratio %.1fx\n",
          tol, cerr, ce, n, re, rerr, double(re) / double(ce));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 50;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  with_threads(threads, [&] {
    const double per_iter = training(iterations);
    kernel_model_before_after(per_iter);
    sampling();
    cvode_vs_rk4();
  });
}
