// pdhg-rd against newton-krylov-rd on the same backward-Euler steps, and the
// cost of one PDHG iteration against the transforms it needs.
//
// For each model and n = 32, 64, 128, 256: iterations and wall seconds per
// window for both methods (the first window is skipped: it warms caches and
// its iteration count differs from the steady state). Then, in the same run:
// t_apply = one wprox spectral application (forward + inverse transform,
// SpectralTransform::apply) and t_fft = the bare FFTW r2c + c2r pair on
// aligned arrays, measured as the engine's plans are. "iter/FFTs" is
// t_iteration / ((2 nt - 1) t_fft), with t_iteration the least
// per-iteration time over the timed windows (the machine may be shared; the
// minimum is the least disturbed): the iteration's cost per application of
// the preconditioner's sweeps done slot by slot (2 nt - 1 of them; the
// measure quoted since before the sweeps moved into the spectrum). pdhg-rd runs the sweeps in the
// spectrum, one transform pair per slot, so "iter/slot" = t_iteration /
// (nt t_fft) is its cost in transform pairs per slot: 1 would be the
// transforms alone, the rest is the passes over memory. An argument
// "N" restricts the run to n = N; "threads=T" limits TBB to T threads.
// Reference for scale (quoted, not timed here: no Octave on this machine):
// the authors' MATLAB code under Octave, ~0.5 s per Allen-Cahn step at
// n = 128 (disk, ht = 1e-3).
#include <fftw3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <wprox/kinds/pde.hpp>
#include <wprox/sdk.hpp>

#include "timing.hpp"

using namespace wprox;
using Settings = std::map<std::string, std::string>;

namespace {

struct Measured {
  double iterations = 0, linear = 0, seconds = 0;
  double best_iteration = 1e300;  // least seconds per iteration over the windows (robust to load)
};

Measured measure(Registry& reg, const std::string& method, const std::string& problem, const Settings& params,
                 const Settings& prob, int windows) {
  const ProblemInfo& pi = reg.problem(problem);
  auto p = pi.create(pi.schema.resolve(prob, problem, "problem."), RunContext{});
  const MethodInfo& mi = reg.method(method);
  auto run = mi.start(*p, mi.schema.resolve(params, method), RunContext{});
  Measured m;
  int counted = 0;
  for (int w = 0; w < windows && !run->finished(); ++w) {
    Diagnostics d;
    const auto t0 = std::chrono::steady_clock::now();
    run->step(d);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (w == 0 && windows > 1) continue;
    m.seconds += s;
    m.iterations += d.get("iterations");
    if (d.get("iterations") > 0) m.best_iteration = std::min(m.best_iteration, s / d.get("iterations"));
    if (d.has("linear_iterations")) m.linear += d.get("linear_iterations");
    ++counted;
  }
  m.seconds /= counted;
  m.iterations /= counted;
  m.linear /= counted;
  return m;
}

// flags: FFTW_MEASURE (what the engine's plans are, through its wisdom
// file) or FFTW_ESTIMATE (plans from the shape alone). Wisdom in memory
// would let an estimated plan reuse a measured one, so it is forgotten
// first: the engine imports its file again whenever it plans.
double bare_fft_pair_seconds(int n, unsigned flags = FFTW_MEASURE) {
  fftw_forget_wisdom();
  // r2c reads `in` without changing it and c2r writes `back`: the data stay
  // the same size from one repetition to the next (no overflow, no
  // subnormals to slow the arithmetic down).
  double* in = fftw_alloc_real(std::size_t(n) * n);
  double* back = fftw_alloc_real(std::size_t(n) * n);
  fftw_complex* out = fftw_alloc_complex(std::size_t(n) * (n / 2 + 1));
  fftw_plan f = fftw_plan_dft_r2c_2d(n, n, in, out, flags);
  fftw_plan b = fftw_plan_dft_c2r_2d(n, n, out, back, flags);
  for (long i = 0; i < long(n) * n; ++i) in[i] = std::sin(0.1 * i);
  const int reps = n <= 64 ? 2000 : n <= 128 ? 500 : 100;
  const double t = bench::best_seconds([&] {
                     for (int r = 0; r < reps; ++r) {
                       fftw_execute(f);
                       fftw_execute(b);
                     }
                   }) /
                   reps;
  fftw_destroy_plan(f);
  fftw_destroy_plan(b);
  fftw_free(in);
  fftw_free(back);
  fftw_free(out);
  return t;
}

double apply_seconds(int n, double length) {
  const TensorGrid g = TensorGrid::square(n, length, Boundary::Periodic);
  SpectralTransform t(g);
  // The identity multiplier keeps u unchanged over the repetitions.
  std::vector<double> u(g.size()), m(t.modes(), 1.0);
  for (long i = 0; i < g.size(); ++i) u[i] = std::sin(0.1 * i);
  const int reps = n <= 64 ? 2000 : n <= 128 ? 500 : 100;
  return bench::best_seconds([&] {
           for (int r = 0; r < reps; ++r) t.apply(u.data(), u.data(), m.data());
         }) /
         reps;
}

struct Model {
  const char* problem;
  double ht, length;
  int nt, windows;
};

void run_all(Registry& reg, const std::vector<int>& sizes);

}  // namespace

int main(int argc, char** argv) {
  Registry reg;
  reg.load_directory(WPROX_BENCH_PLUGIN_DIR);
  std::vector<int> sizes{32, 64, 128, 256};
  int threads = 0;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg.rfind("threads=", 0) == 0)
      threads = std::atoi(arg.c_str() + 8);
    else
      sizes = {std::atoi(arg.c_str())};
  }
  with_threads(threads, [&] { run_all(reg, sizes); });
  return 0;
}

namespace {
void run_all(Registry& reg, const std::vector<int>& sizes) {
  const Model models[] = {
      {"allen-cahn", 1e-3, 0.5, 1, 6}, {"fch6", 1e-2, 2 * M_PI, 1, 4}, {"cahn-hilliard", 1e-3, 2 * M_PI, 10, 2}};
  // The engine's measured plans against plans from the shape alone.
  for (int n : sizes) {
    const double measured = bare_fft_pair_seconds(n), estimated = bare_fft_pair_seconds(n, FFTW_ESTIMATE);
    std::printf("FFT pair n=%d: FFTW_ESTIMATE plan %.3g s, FFTW_MEASURE plan %.3g s, estimate/measure %.2f\n", n,
                estimated, measured, estimated / measured);
  }
  std::printf("%-14s %5s | %9s %10s | %7s %7s %10s | %8s | %10s %10s %9s %9s %9s\n", "model", "n", "pdhg it",
              "pdhg s/win", "newton", "gmres", "nk s/win", "pdhg/nk", "t_iter", "t_fftpair", "iter/FFTs", "iter/slot",
              "apply/FFT");
  for (const Model& md : models) {
    for (int n : sizes) {
      const Settings prob{{"n", std::to_string(n)}, {"T", std::to_string(md.ht * md.nt * (md.windows + 1))}};
      char ht[32];
      std::snprintf(ht, sizeof ht, "%g", md.ht);
      const Settings params{{"h", ht}, {"steps_per_window", std::to_string(md.nt)}, {"adaptive", "off"}};
      const Measured pd = measure(reg, "pdhg-rd", md.problem, params, prob, md.windows);
      const Measured nk = measure(reg, "newton-krylov-rd", md.problem, params, prob, md.windows);
      const double t_iter = pd.best_iteration;
      const double t_fft = bare_fft_pair_seconds(n);
      const double t_apply = apply_seconds(n, md.length);
      const int applies = 2 * md.nt - 1;
      std::printf("%-14s %5d | %9.1f %10.4g | %7.1f %7.1f %10.4g | %8.2f | %10.3g %10.3g %9.2f %9.2f %9.2f\n",
                  md.problem, n, pd.iterations, pd.seconds, nk.iterations, nk.linear, nk.seconds, pd.seconds / nk.seconds,
                  t_iter, t_fft, t_iter / (applies * t_fft), t_iter / (md.nt * t_fft), t_apply / t_fft);
      if (std::string(md.problem) == "allen-cahn" && n == 128) {
        bench::print_ratio("allen-cahn n=128 step, Octave (quoted 0.5 s) vs pdhg-rd", 0.5, pd.seconds);
        bench::print_ratio("allen-cahn n=128 step, Octave (quoted 0.5 s) vs newton-krylov-rd", 0.5, nk.seconds);
      }
      std::fflush(stdout);
    }
  }
}
}  // namespace
