// One SIMD target's copy of the pdhg-rd row passes (row_passes.hpp). The
// loops are the ones the solver had inline, with the same arithmetic.
#include "row_passes.hpp"
#include "row_reductions.hpp"

#include <wprox/simd_region_begin.hpp>

namespace pdhg_rd::WPROX_SIMD_NS {
namespace {

double row_total(const double* x, long n) { return row_sum(x, n); }

void shift(const double* u, const double* g, double tau, double mean, double* x, long n) {
  for (long k = 0; k < n; ++k) x[k] = u[k] - tau * (g[k] - mean);
}

void sweep(const double* a, const double* prev, double* x, long n) {
  if (prev) {
    for (long k = 0; k < n; ++k) x[k] = a[k] * (prev[k] + x[k]);
  } else {
    for (long k = 0; k < n; ++k) x[k] = a[k] * x[k];
  }
}

// The loop body once per combination of the optional arrays, so that each
// loop is branch-free.
template <bool kPrev, bool kCarry>
void sweep_dual_loop(const double* a, const double* prev, double* x, double* carry, double* P, double tau_p,
                     double omega, double shrink, long n) {
  for (long k = 0; k < n; ++k) {
    const double w = kPrev ? a[k] * (prev[k] + x[k]) : a[k] * x[k];
    if (kCarry) carry[k] = w;
    const double p_new = (P[k] + tau_p * w) * shrink;
    x[k] = p_new + omega * (p_new - P[k]);
    P[k] = p_new;
  }
}

void sweep_dual(const double* a, const double* prev, double* x, double* carry, double* P, double tau_p, double omega,
                double shrink, long n) {
  if (prev && carry)
    sweep_dual_loop<true, true>(a, prev, x, carry, P, tau_p, omega, shrink, n);
  else if (prev)
    sweep_dual_loop<true, false>(a, prev, x, carry, P, tau_p, omega, shrink, n);
  else if (carry)
    sweep_dual_loop<false, true>(a, prev, x, carry, P, tau_p, omega, shrink, n);
  else
    sweep_dual_loop<false, false>(a, prev, x, carry, P, tau_p, omega, shrink, n);
}

}  // namespace

const RowPasses row_passes{row_total, shift, sweep, sweep_dual};

}  // namespace pdhg_rd::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
