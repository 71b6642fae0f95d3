#pragma once
// The hand-fused softmax-mean loop of fused_loop.ipp, one copy per SIMD
// target: mean of the rows of Y with weights exp(b_j - c |x_i - y_j|^2),
// single-threaded, for d = 2 and 10 (false for other d).
#include <wprox/data.hpp>

#define WPROX_BENCH_FUSED(ns)                                                                          \
  namespace wprox::bench::ns {                                                                         \
  bool fused_mean(const Particles& X, const Particles& Y, const Vector& b, double c, Particles& mean); \
  }
WPROX_BENCH_FUSED(sse2)
WPROX_BENCH_FUSED(avx2)
WPROX_BENCH_FUSED(avx512)
#undef WPROX_BENCH_FUSED
