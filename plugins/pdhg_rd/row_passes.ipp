// One SIMD target's copy of the pdhg-rd row passes (row_passes.hpp). The
// loops are the ones the solver had inline, with the same arithmetic.
#include "row_passes.hpp"
#include "row_reductions.hpp"

#include <wprox/simd_region_begin.hpp>

namespace pdhg_rd::WPROX_SIMD_NS {
namespace {

double residual(const double* u, const double* p, const double* r, double ht, const double* add, double* o, long n) {
  if (p) {
    for (long k = 0; k < n; ++k) o[k] = u[k] - p[k] - ht * r[k];
  } else {
    for (long k = 0; k < n; ++k) o[k] = u[k] - ht * r[k];
  }
  const double mx = max_abs(o, n);
  if (add)
    for (long k = 0; k < n; ++k) o[k] = add[k] + o[k];
  return mx;
}

void descend(const double* u, const double* p, const double* q, const double* r, double ht, double tau, double* x,
             long n) {
  if (q) {
    for (long k = 0; k < n; ++k) x[k] = u[k] - tau * (p[k] - q[k] - ht * r[k]);
  } else {
    for (long k = 0; k < n; ++k) x[k] = u[k] - tau * (p[k] - ht * r[k]);
  }
}

double gradient(const double* p, const double* q, const double* r, double ht, double* g, long n) {
  if (q) {
    for (long k = 0; k < n; ++k) g[k] = p[k] - q[k] - ht * r[k];
  } else {
    for (long k = 0; k < n; ++k) g[k] = p[k] - ht * r[k];
  }
  return row_sum(g, n);
}

void shift(const double* u, const double* g, double tau, double mean, double* x, long n) {
  for (long k = 0; k < n; ++k) x[k] = u[k] - tau * (g[k] - mean);
}

void dual(double* P, double* W, const double* Z, double* pre, double tau_p, double omega, double shrink, long n) {
  if (Z)
    for (long k = 0; k < n; ++k) pre[k] = W[k] + Z[k];
  for (long k = 0; k < n; ++k) {
    const double p_new = (P[k] + tau_p * W[k]) * shrink;
    W[k] = p_new + omega * (p_new - P[k]);
    P[k] = p_new;
  }
}

void sweep(const double* a, const double* prev, double* x, long n) {
  if (prev) {
    for (long k = 0; k < n; ++k) x[k] = a[k] * (prev[k] + x[k]);
  } else {
    for (long k = 0; k < n; ++k) x[k] = a[k] * x[k];
  }
}

}  // namespace

const RowPasses row_passes{residual, descend, gradient, shift, dual, sweep};

}  // namespace pdhg_rd::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
