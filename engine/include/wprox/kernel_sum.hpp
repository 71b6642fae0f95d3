#pragma once
// The all-pairs softmax-weighted Gaussian-kernel sum, the hot loop of BRWP
// and of the empirical score of kernel generative models:
//
//   out_i = sum_j w_ij y_j,   w_ij = softmax_j( -c |x_i - y_j|^2 + b_j ),
//   lse_i = log sum_j exp( -c |x_i - y_j|^2 + b_j ).
//
// Exact (every pair, no truncation), evaluated in log space (no overflow or
// underflow for any c, b), parallel with TBB, and bitwise identical for any
// thread count (every sum is taken in a fixed order). When X and Y are the
// same object a symmetric tiled path computes each exp once for (i, j) and
// (j, i). X is M x d (queries), Y is N x d (sources); b is empty (all zeros)
// or has N entries. out is resized to M x d and must not alias X or Y; lse,
// when not null, is resized to M.
// Throws DimensionMismatch when the shapes disagree.
#include "wprox/data.hpp"

namespace wprox {

void softmax_kernel_sum(const Particles& X, const Particles& Y, const Vector& b, double c, Particles& out,
                        Vector* lse = nullptr);

// The same sum by a plain scalar double loop (two passes: max, then sum).
// The reference that tests and benchmarks compare the fast path against.
void softmax_kernel_sum_reference(const Particles& X, const Particles& Y, const Vector& b, double c,
                                  Particles& out, Vector* lse = nullptr);

}  // namespace wprox
