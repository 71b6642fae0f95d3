#pragma once
// The particles' density as TT-BRWP feeds it to the kernel formula
// (docs/tt-brwp.md, "The density estimate"):
//
//   rho_hat(y) = (1/N) Σ_j Π_k exp(-(y_k - c_jk)^2 / (2 H_k)),
//   c_j = mu + L (x_j - mu),
//
// a Gaussian mixture with axis-aligned kernels whose centres are the
// particles shrunk toward their mean mu; with bandwidth 1 it is the single
// Gaussian N(mu, S) (full covariance). The scheme only ever needs log
// rho_hat at grid points (it is the numerator of the ratio rho_hat / Z, which
// must keep its relative accuracy where Z is small), so it is evaluated
// exactly, never stored as a TT. The shrinkage L and the kernel variances H
// are chosen so that the mixture's covariance is exactly
//
//   S = C - (T/beta)^2 C^-1      (the covariance update),
//
// C the particles' covariance. The update makes every Gaussian target a
// fixed point of the particle scheme (the regularized proximal of
// N(mu, S) has covariance C there), which the plain estimate S = C misses
// by T^2 A / beta. Eigenvalues of S below kFloor times those of C are
// raised to that floor (directions where T lambda(A) >= 1 at the fixed
// point, where no density makes the scheme unbiased); `clipped` counts them.
// H = a l diag(S), a the bandwidth, l the smallest eigenvalue of S's
// correlation matrix, so that S - H stays positive semidefinite.
#include <wprox/sdk.hpp>
#include <wprox/tensor_train.hpp>

namespace wprox::tt_brwp {

struct DensityEstimate {
  Vector mean;       // mu
  Matrix cov;        // C, the particles' covariance (1/N normalization)
  Matrix target;     // S after the update
  Vector kernel_var; // H_k
  Particles centres; // c_j, N x d
  int clipped = 0;   // eigenvalues of S raised to the floor
  bool gaussian = false;  // bandwidth 1: rho_hat = N(mu, S)
  Matrix precision;       // S^-1 (gaussian)
};

constexpr double kFloor = 0.25;

// The estimate for particles X (N x d, N > d). T, beta: the RWPO's;
// bandwidth in (0, 1]. RunError(step, ...) when C is singular (the
// particles lie in a hyperplane).
DensityEstimate estimate_density(const Particles& X, double T, double beta, double bandwidth, long step);

// log rho_hat at each row of Y (up to one constant for all rows), in
// parallel. Cost O(d^2) per point for the Gaussian, O(N d) for the mixture.
void log_density(const DensityEstimate& e, const RowMatrix& Y, Vector& out);

}  // namespace wprox::tt_brwp
