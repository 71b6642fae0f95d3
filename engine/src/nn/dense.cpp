// Picks the dense loops' copy for the SIMD target in use.
#include "dense.hpp"

#include "wprox/simd.hpp"

namespace wprox::nn {

void gemm(long m, long n, long k, const double* a, long lda, const double* b, long bk, long bj, double* c, long ldc,
          bool accumulate) {
  switch (simd_target()) {
    case SimdTarget::avx512: return avx512::gemm(m, n, k, a, lda, b, bk, bj, c, ldc, accumulate);
    case SimdTarget::avx2: return avx2::gemm(m, n, k, a, lda, b, bk, bj, c, ldc, accumulate);
    case SimdTarget::sse2: break;
  }
  sse2::gemm(m, n, k, a, lda, b, bk, bj, c, ldc, accumulate);
}

void normal_density(long n, const double* z, double* out) {
  switch (simd_target()) {
    case SimdTarget::avx512: return avx512::normal_density(n, z, out);
    case SimdTarget::avx2: return avx2::normal_density(n, z, out);
    case SimdTarget::sse2: break;
  }
  sse2::normal_density(n, z, out);
}

}  // namespace wprox::nn
