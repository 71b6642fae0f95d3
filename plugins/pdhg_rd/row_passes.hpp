#pragma once
// The pointwise passes of pdhg-rd over one row or range of a slot or
// spectrum (the per-row reductions, the mass-preserving shift, the sweeps
// and the dual step), compiled once per SIMD target
// without FMA contraction (row_passes.ipp, wprox_simd_sources NO_CONTRACT):
// every target gives the same bits. WindowSystem and PdhgSolver take the
// copy for wprox::simd_target() when they are made.

namespace pdhg_rd {

struct RowPasses {
  // row_sum of row_reductions.hpp on one row (the mean of DF^T P, reduced
  // while the model hands the row over).
  double (*row_sum)(const double* x, long n);
  // x = u - tau (g - mean).
  void (*shift)(const double* u, const double* g, double tau, double mean, double* x, long n);
  // x = a (prev + x) (prev = nullptr: x = a x): one step of the
  // preconditioner's sweeps on a block of spectrum values.
  void (*sweep)(const double* a, const double* prev, double* x, long n);
  // A backward step of the sweeps fused with the dual step:
  // w = a (prev + x) (prev = nullptr: a x), carry = w unless carry is
  // nullptr (carry may be prev), P' = (P + tau_p w) shrink,
  // x = P' + omega (P' - P), P = P'.
  void (*sweep_dual)(const double* a, const double* prev, double* x, double* carry, double* P, double tau_p,
                     double omega, double shrink, long n);
};

const RowPasses& row_passes();

namespace sse2 {
extern const RowPasses row_passes;
}
namespace avx2 {
extern const RowPasses row_passes;
}
namespace avx512 {
extern const RowPasses row_passes;
}

}  // namespace pdhg_rd
