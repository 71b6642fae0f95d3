#pragma once
// The network's dense products (forward, backward of Mlp) and the vector
// part of its gelu, compiled once per SIMD target and picked at run time
// like the kernel (wprox/simd.hpp).
//
// Why hand-written loops rather than Eigen: Eigen's products are inline
// templates. In the portable build they are compiled for SSE2 (Eigen then
// runs about half as fast as with -march=native on training), and compiling
// them again in files with -mavx2 or -mavx512f would emit weak symbols the
// linker merges across files (one copy for every caller: an AVX-512 copy
// would then run, and fault, on an AVX2-only CPU). These loops use no
// library code, live in per-target namespaces under #pragma GCC target
// (wprox/simd_region_begin.hpp), and so cannot be merged.
//
// Order of operations: every entry C(i, j) is sum_p A(i, p) B(p, j) taken
// with p = 0, 1, ..., k - 1 in turn, starting from 0 (or from C(i, j) when
// accumulating). Only the register tiling differs between targets, so avx2
// and avx512 (both contract each step into one FMA) give the same bits, and
// sse2 (a rounded product, then a rounded sum) may differ from them in the
// last bits. The loops run on the calling thread.

namespace wprox::nn {

// C (m x n, column-major, leading dimension ldc) = A B, or C += A B when
// `accumulate`, with A m x k column-major (leading dimension lda) and B given
// by strides: B(p, j) = b[p * bk + j * bj] (so a transposed operand costs no
// copy).
void gemm(long m, long n, long k, const double* a, long lda, const double* b, long bk, long bj, double* c, long ldc,
          bool accumulate);

// out[i] = exp(-z[i]^2 / 2) / sqrt(2 pi), the standard normal density in
// gelu's slope, through the kernel's exp_nonpositive (a few ulp from
// std::exp; 0 where z^2 / 2 > 708, where the density is below 1e-307).
void normal_density(long n, const double* z, double* out);

#define WPROX_DENSE_PATHS(ns)                                                                                       \
  namespace ns {                                                                                                    \
  void gemm(long m, long n, long k, const double* a, long lda, const double* b, long bk, long bj, double* c, long ldc, \
            bool accumulate);                                                                                       \
  void normal_density(long n, const double* z, double* out);                                                        \
  }
WPROX_DENSE_PATHS(sse2)
WPROX_DENSE_PATHS(avx2)
WPROX_DENSE_PATHS(avx512)
#undef WPROX_DENSE_PATHS

}  // namespace wprox::nn
