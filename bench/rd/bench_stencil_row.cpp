// One Allen–Cahn residual row loop (the regrouped update with its row
// maximum, as rd-models does it) on an n x n periodic grid, its left and
// right stencil neighbours taken three ways, per dispatched SIMD target:
//   padded     the row copied with its two wrapped neighbours, then one loop
//   unaligned  the neighbours loaded unaligned, the two end cells apart
//   shifted    whole vectors, the neighbours shifted in from the adjacent
//              vectors (what rd-models does)
// Printed: ns per cell and the ratio to `shifted` timed in the same run.
// Usage: bench_stencil_row [N...] (default 64 128 256; N a multiple of 8).
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <wprox/simd.hpp>

#include "stencil_row_variants.hpp"
#include "timing.hpp"

using namespace stencil_bench;

namespace {

std::int64_t (*runner(wprox::SimdTarget t))(Variant, const Grid&, const Coefs&, double*) {
  switch (t) {
    case wprox::SimdTarget::avx512: return avx512::run;
    case wprox::SimdTarget::avx2: return avx2::run;
    default: return sse2::run;
  }
}

double seconds_per_sweep(Variant which, wprox::SimdTarget t, long n, const std::vector<double>& v,
                         const std::vector<double>& m, std::vector<double>& out) {
  const Coefs q{1.7, -0.3, 0.6, 1.0};
  std::vector<double> pad(std::size_t(n + 2));
  const auto run = runner(t);
  const int reps = n <= 64 ? 2000 : n <= 128 ? 500 : 100;
  const Grid g{v.data(), m.data(), out.data(), n};
  std::int64_t sink = 0;
  const double s = wprox::bench::best_seconds([&] {
    for (int r = 0; r < reps; ++r) sink ^= run(which, g, q, pad.data());
  });
  if (sink == 42) std::printf(" ");  // keeps the loops
  return s / reps;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<long> sizes{64, 128, 256};
  if (argc > 1) {
    sizes.clear();
    for (int a = 1; a < argc; ++a) sizes.push_back(std::atol(argv[a]));
  }
  for (long n : sizes)
    if (n < 8 || n % 8 != 0) {
      std::fprintf(stderr, "bench_stencil_row: N = %ld; allowed: multiples of 8 from 8\n", n);
      return 2;
    }
  const wprox::SimdTarget t = wprox::simd_target();
  std::printf("CPU: %s, SIMD target: %s\n", wprox::cpu_model().c_str(), std::string(wprox::simd_target_name(t)).c_str());
  std::printf("%6s %12s %12s %12s %16s %16s\n", "n", "padded ns", "unaligned ns", "shifted ns", "padded/shifted",
              "unaligned/shifted");
  for (long n : sizes) {
    std::vector<double> v(std::size_t(n * n)), m(v.size()), out(v.size());
    for (std::size_t c = 0; c < v.size(); ++c) {
      v[c] = 0.9 * ((c * 37) % 101) / 101.0 - 0.45;
      m[c] = 0.5 * ((c * 11) % 53) / 53.0;
    }
    // The three loops compute the same formula in the same order: the same bits.
    {
      const Coefs q{1.7, -0.3, 0.6, 1.0};
      std::vector<double> pad(std::size_t(n + 2)), first(v.size());
      const auto run = runner(t);
      const Grid g{v.data(), m.data(), out.data(), n};
      const std::int64_t want = run(Variant::shifted, g, q, pad.data());
      first = out;
      for (Variant w : {Variant::padded, Variant::unaligned})
        if (run(w, g, q, pad.data()) != want || out != first) {
          std::fprintf(stderr, "bench_stencil_row: the variants disagree at n = %ld\n", n);
          return 1;
        }
    }
    const double cells = double(n) * double(n);
    const double p = seconds_per_sweep(Variant::padded, t, n, v, m, out) / cells * 1e9;
    const double u = seconds_per_sweep(Variant::unaligned, t, n, v, m, out) / cells * 1e9;
    const double s = seconds_per_sweep(Variant::shifted, t, n, v, m, out) / cells * 1e9;
    std::printf("%6ld %12.3f %12.3f %12.3f %16.2f %16.2f\n", n, p, u, s, p / s, u / s);
  }
  return 0;
}
