// The dense loops of dense.hpp for one SIMD target.
//
// Register tiling: a tile of kTileRows rows (two registers) by kTileCols
// columns of C stays in registers while p runs over k; each step loads two
// registers of A's column p and broadcasts kTileCols entries of B, so one
// load feeds kTileCols FMAs. Rows left over (fewer than kTileRows) take a
// scalar loop with the same order of operations, so which rows are tiled
// does not change any bit.
#include <cstring>

#include "dense.hpp"
#include "exp_nonpositive.hpp"

#include <wprox/simd_region_begin.hpp>

namespace wprox::nn::WPROX_SIMD_NS {
namespace {

// Doubles per register on this target. GCC's vector extension (not
// intrinsics) lets one source serve every width.
#if WPROX_SIMD_LEVEL == 2
constexpr int kWidth = 8;
#elif WPROX_SIMD_LEVEL == 1
constexpr int kWidth = 4;
#else
constexpr int kWidth = 2;
#endif
typedef double Vec __attribute__((vector_size(kWidth * sizeof(double))));
constexpr int kTileRows = 2 * kWidth;
constexpr int kTileCols = 4;

// One step of a sum, c + a b: fused on the FMA targets. Spelled out
// because contraction is optional: GCC vectorizes the leftover rows' loop
// into packed products and in-order scalar sums, which rounds twice.
#if WPROX_SIMD_LEVEL > 0
inline double madd(double a, double b, double c) { return __builtin_fma(a, b, c); }
#else
inline double madd(double a, double b, double c) { return c + a * b; }
#endif

inline Vec load(const double* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, const Vec& v) { std::memcpy(p, &v, sizeof v); }

// One kTileRows x Cols tile of C at rows i0, columns j0.
template <int Cols>
void tile(long i0, long j0, long k, const double* a, long lda, const double* b, long bk, long bj, double* c, long ldc,
          bool accumulate) {
  Vec t[Cols][2];
  for (int j = 0; j < Cols; ++j) {
    double* cj = c + i0 + (j0 + j) * ldc;
    t[j][0] = accumulate ? load(cj) : Vec{};
    t[j][1] = accumulate ? load(cj + kWidth) : Vec{};
  }
  const double* bp = b + j0 * bj;
  for (long p = 0; p < k; ++p, bp += bk) {
    const double* ap = a + i0 + p * lda;
    const Vec a0 = load(ap), a1 = load(ap + kWidth);
    for (int j = 0; j < Cols; ++j) {
      const double s = bp[j * bj];
      t[j][0] += a0 * s;
      t[j][1] += a1 * s;
    }
  }
  for (int j = 0; j < Cols; ++j) {
    double* cj = c + i0 + (j0 + j) * ldc;
    store(cj, t[j][0]);
    store(cj + kWidth, t[j][1]);
  }
}

}  // namespace

void gemm(long m, long n, long k, const double* a, long lda, const double* b, long bk, long bj, double* c, long ldc,
          bool accumulate) {
  const long tiled = m - m % kTileRows;
  for (long i0 = 0; i0 < tiled; i0 += kTileRows) {
    long j0 = 0;
    for (; j0 + kTileCols <= n; j0 += kTileCols) tile<kTileCols>(i0, j0, k, a, lda, b, bk, bj, c, ldc, accumulate);
    for (; j0 < n; ++j0) tile<1>(i0, j0, k, a, lda, b, bk, bj, c, ldc, accumulate);
  }
  for (long j = 0; j < n; ++j)
    for (long i = tiled; i < m; ++i) {
      double s = accumulate ? c[i + j * ldc] : 0.0;
      for (long p = 0; p < k; ++p) s = madd(a[i + p * lda], b[p * bk + j * bj], s);
      c[i + j * ldc] = s;
    }
}

void normal_density(long n, const double* z, double* out) {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;
  for (long i = 0; i < n; ++i) out[i] = kernel_detail::WPROX_SIMD_NS::exp_nonpositive(-0.5 * (z[i] * z[i])) * kInvSqrt2Pi;
}

}  // namespace wprox::nn::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
