#pragma once
// The stencil-row variants of bench_stencil_row, one copy per SIMD target
// (stencil_row_variants.ipp): run() sweeps every row of a grid with one of
// them and returns the rows' maxima combined (so that nothing is elided).
#include <cstdint>

namespace stencil_bench {

// An n x n periodic grid: the input v, the subtracted field m, the output.
struct Grid {
  const double *v, *m;
  double* out;
  long n;
};
struct Coefs {
  double a, b, k, c;
};
enum class Variant { padded, unaligned, shifted };

namespace sse2 {
std::int64_t run(Variant which, const Grid& g, const Coefs& q, double* pad);
}
namespace avx2 {
std::int64_t run(Variant which, const Grid& g, const Coefs& q, double* pad);
}
namespace avx512 {
std::int64_t run(Variant which, const Grid& g, const Coefs& q, double* pad);
}

}  // namespace stencil_bench
