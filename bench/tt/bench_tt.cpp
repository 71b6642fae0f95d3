// Benchmarks for the tensor-train module, each against a reference timed in
// the same run:
// 1. DMRG cross of the correlated 10-D Gaussian exp(-x^T A x / 2)
//    (A = I + 0.3 chain, 32 Gauss-Legendre nodes per axis on [-8, 8],
//    tolerance 1e-8) against the oracle alone on the same number of points:
//    the ratio is the cross's own overhead (SVDs, maxvol, index handling);
// 2. tt_evaluate with gradients of that TT at N = 20000 points against the
//    closed-form value and gradient at the same points;
// each with 1 and 2 threads.
// Usage: bench_tt [max_threads]   (default 2)
#include <tbb/global_control.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <wprox/parallel.hpp>
#include <wprox/random.hpp>
#include <wprox/tensor_train.hpp>
#include "timing.hpp"

using namespace wprox;

namespace {

constexpr int kDim = 10;
constexpr double kRho = 0.3;

// x^T A x for A = I + rho (chain) and its gradient A x.
double quadratic(const double* x, double* g) {
  double q = 0;
  for (int k = 0; k < kDim; ++k) {
    const double ax = x[k] + kRho * ((k ? x[k - 1] : 0.0) + (k + 1 < kDim ? x[k + 1] : 0.0));
    if (g) g[k] = ax;
    q += x[k] * ax;
  }
  return q;
}

void oracle(const RowMatrix& P, Vector& v) {
  v.resize(P.rows());
  parallel_for(
      long(P.rows()),
      [&](long b, long e) {
        for (long p = b; p < e; ++p) v[p] = std::exp(-0.5 * quadratic(P.row(p).data(), nullptr));
      },
      256);
}

}  // namespace

int main(int argc, char** argv) {
  const int max_threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const std::vector<TTAxis> axes(kDim, tt_axis_gauss_legendre(-8, 8, 32));
  TTCrossOptions opt;
  opt.tolerance = 1e-8;
  TTCrossResult res;

  const long N = 20000;
  RowMatrix pts(N, kDim);
  for (long p = 0; p < N; ++p) RandomStream(7, std::uint64_t(p)).normal(pts.row(p).data(), kDim);

  for (int t = 1; t <= max_threads; ++t) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, std::size_t(t));
    const double cross_s = bench::best_seconds([&] { res = tt_cross(axes, oracle, opt); }, 3);
    // The oracle alone on as many points, in batches of the same size.
    RowMatrix batch = RowMatrix::Zero(opt.max_batch, kDim);
    Vector vals;
    const double oracle_s = bench::best_seconds(
        [&] {
          for (long done = 0; done < res.evaluations; done += opt.max_batch) oracle(batch, vals);
        },
        3);
    std::printf("cross: %s\n", res.message.c_str());
    char what[96];
    std::snprintf(what, sizeof what, "cross d=10 n=32 (ref: oracle alone) threads=%d", t);
    bench::print_ratio(what, oracle_s, cross_s);

    Vector v, ref(N);
    RowMatrix g, gref(N, kDim);
    const double ref_s = bench::best_seconds(
        [&] {
          parallel_for(
              N,
              [&](long b, long e) {
                for (long p = b; p < e; ++p) {
                  ref[p] = std::exp(-0.5 * quadratic(pts.row(p).data(), gref.row(p).data()));
                  gref.row(p) *= -ref[p];
                }
              },
              64);
        },
        5);
    const double eval_s = bench::best_seconds([&] { tt_evaluate(res.tt, pts, v, &g); }, 5);
    std::snprintf(what, sizeof what, "evaluate+gradient N=%ld (ref: closed form) threads=%d", N, t);
    bench::print_ratio(what, ref_s, eval_s);
    std::printf("  max |value error| %.2e, max |gradient error| %.2e (interpolation on 32 nodes)\n",
                (v - ref).cwiseAbs().maxCoeff(), (g - gref).cwiseAbs().maxCoeff());
  }
  return 0;
}
