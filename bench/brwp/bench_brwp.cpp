// Benchmarks for BRWP, each timed against its reference in the same run:
// 1. the softmax kernel sum at N = 8192, d = 2 and 10, with 1 and 2
//    threads, by the general and the symmetric fast path, against the plain
//    scalar loop
//    (kernel_sum_reference, single-threaded): pairs per second, per
//    core, and the ratio;
//    then, on every SIMD target the CPU supports, one thread of each fast
//    path against the hand-fused loop compiled for that target
//    (fused_loop.ipp): pairs per second per core and their ratio;
// 2. a whole BRWP step (Laplace normalizer, V quadratic) at N = 1000, 2000,
//    4000, d = 2: the time should grow as N^2;
// 3. the BRWP step at N = 2000, d = 2 against the authors' numpy figure of
//    ~316 ms per step (quoted in the issue; not re-timed here).
// Usage: bench_brwp [max_threads]   (default 2)
#include <tbb/global_control.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <wprox/quadratic_potential.hpp>
#include <wprox/simd.hpp>
#include "brwp_step.hpp"
#include "fused_loop.hpp"
#include "timing.hpp"

using namespace wprox;

namespace {

Particles normal_cloud(long n, int d, std::uint64_t seed) {
  Particles X(n, d);
  for (long i = 0; i < n; ++i) RandomStream(seed, std::uint64_t(i)).normal(X.row(i).data(), d);
  return X;
}

void kernel_sum_bench(int d, int max_threads) {
  const long N = 8192;
  const Particles X = normal_cloud(N, d, 1);
  Vector b(N);
  for (long j = 0; j < N; ++j) b[j] = 0.1 * X(j, 0);
  const double c = 0.25 / 0.1;  // beta/(4T) at beta = 1, T = 0.1
  const double pairs = double(N) * double(N);
  const KernelSources sources = KernelSources::isotropic(X, c, b);
  KernelRequest req;
  req.mean = req.lse = true;
  KernelResult ref, got;
  double ref_s;
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    ref_s = bench::best_seconds([&] { kernel_sum_reference(X, sources, req, ref); }, 1);
  }
  std::printf("kernel sum N=%ld d=%d: scalar reference %.3g pairs/s (1 thread)\n", N, d, pairs / ref_s);
  // Two fast paths: "symmetric" (queries are the sources, as in BRWP: each
  // exp() serves a pair both ways) and "general" (the log-space online softmax).
  for (const bool symmetric : {false, true}) {
    req.symmetry = symmetric ? KernelRequest::Symmetry::QueriesAreSources : KernelRequest::Symmetry::None;
    double one_thread = 0;
    for (int t = 1; t <= max_threads; ++t) {
      tbb::global_control gc(tbb::global_control::max_allowed_parallelism, std::size_t(t));
      const double s = bench::best_seconds([&] { kernel_sum(X, sources, req, got); }, 5);
      if (t == 1) one_thread = s;
      char what[96];
      std::snprintf(what, sizeof what, "kernel sum N=%ld d=%d %s threads=%d", N, d, symmetric ? "symmetric" : "general",
                    t);
      bench::print_ratio(what, ref_s, s);
      std::printf("    %.3g pairs/s (%.3g per core), thread scaling %.2fx, max |out - ref| %.2g\n", pairs / s,
                  pairs / s / t, one_thread / s, (got.mean - ref.mean).cwiseAbs().maxCoeff());
    }
  }
}


// Each fast path against the hand-fused loop compiled for the same target,
// one thread: pairs per second per core and the ratio kernel / fused.
void fused_comparison(int d) {
  const long N = 8192;
  const Particles X = normal_cloud(N, d, 1);
  Vector b(N);
  for (long j = 0; j < N; ++j) b[j] = 0.1 * X(j, 0);
  const double c = 0.25 / 0.1;
  const double pairs = double(N) * double(N);
  const KernelSources sources = KernelSources::isotropic(X, c, b);
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
  const SimdTarget before = simd_target();
  for (SimdTarget t : simd_targets_supported()) {
    set_simd_target(t);
    Particles fused;
    auto fused_fn = t == SimdTarget::avx512 ? bench::avx512::fused_mean
                    : t == SimdTarget::avx2 ? bench::avx2::fused_mean
                                            : bench::sse2::fused_mean;
    const double fused_s = bench::best_seconds([&] { fused_fn(X, X, b, c, fused); }, 3);
    std::printf("  %-6s d=%-2d hand-fused loop %.3g pairs/s per core\n", simd_target_name(t), d, pairs / fused_s);
    for (const bool symmetric : {false, true}) {
      KernelRequest req;
      req.mean = req.lse = true;
      req.symmetry = symmetric ? KernelRequest::Symmetry::QueriesAreSources : KernelRequest::Symmetry::None;
      KernelResult got;
      const double s = bench::best_seconds([&] { kernel_sum(X, sources, req, got); }, 3);
      std::printf("  %-6s d=%-2d kernel %-9s %.3g pairs/s per core, %.2f x the fused loop, max |mean - fused| %.2g\n",
                  simd_target_name(t), d, symmetric ? "symmetric" : "general", pairs / s, fused_s / s,
                  (got.mean - fused).cwiseAbs().maxCoeff());
    }
  }
  set_simd_target(before);
}

double brwp_step_seconds(long N, int repeats) {
  const QuadraticPotential V(Matrix::Identity(2, 2));
  brwp::StepSettings st;
  st.h = st.T = st.z.T = 0.1;
  const Particles X0 = normal_cloud(N, 2, 3);
  brwp::StepWorkspace ws;
  Particles X = X0;
  return bench::best_seconds([&] { brwp::brwp_step(V, X, st, 1, ws); }, repeats);
}

}  // namespace

int main(int argc, char** argv) {
  const int max_threads = argc > 1 ? std::atoi(argv[1]) : 2;
  std::printf("CPU: %s; SIMD target dispatched: %s (supported:", cpu_model().c_str(), simd_target_name(simd_target()));
  for (SimdTarget t : simd_targets_supported()) std::printf(" %s", simd_target_name(t));
  std::printf(")\n");
  kernel_sum_bench(2, max_threads);
  kernel_sum_bench(10, max_threads);
  std::printf("kernel sum N=8192 against a hand-fused loop on each SIMD target (1 thread):\n");
  fused_comparison(2);
  fused_comparison(10);

  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, std::size_t(max_threads));
  double prev = 0;
  for (long N : {1000L, 2000L, 4000L}) {
    const double s = brwp_step_seconds(N, 5);
    std::printf("BRWP step N=%ld d=2 (%d threads): %.3f ms", N, max_threads, 1e3 * s);
    if (prev > 0) std::printf("   x%.2f for 2x N (N^2 predicts x4)", s / prev);
    std::printf("\n");
    prev = s;
  }
  const double s2000 = brwp_step_seconds(2000, 9);
  bench::print_ratio("BRWP step N=2000 d=2 vs authors' numpy (316 ms)", 0.316, s2000);
  return 0;
}
