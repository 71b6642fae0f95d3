#pragma once
// The particles' density as TT-BRWP feeds it to the kernel formula
// (docs/tt-brwp.md, "The density estimates"). The fixed point of the
// particle scheme is unbiased only if the density fed to the regularized
// proximal of time T is narrower than the particles' own by T^2 grad^2 V / beta
// (for V = x^T A x / 2: the proximal of N(mu, S) has covariance A^-1 / beta
// exactly when S = (A^-1 - T^2 A) / beta). Two estimates do that:
//
// gaussian:  rho_hat = N(mu, S),  S = C - (T/beta)^2 C^-1,
//   C the particles' covariance; eigenvalues of S below kFloor times C's are
//   raised to that floor (`clipped`). At C = A^-1 / beta this is exactly the
//   S above, so every Gaussian target is a fixed point, whatever N.
//
// particles: rho_hat = (1/N) Σ_j delta(y - c_j), the particles shrunk
//   locally toward the local Newton point of V,
//     c_j = x_j - (I - L_j) H_j^+ grad V(x_j),
//     L_j = (I - T^2 H_j^2)^1/2   (eigenvalue by eigenvalue, >= kFloor^1/2),
//   H_j = grad^2 V(x_j) (local_curvature), negative curvature ignored. For V = x^T A x / 2 this
//   is c_j = L x_j, whose covariance L C L is S above at C = A^-1 / beta;
//   for a multimodal target each particle moves toward its own mode, not
//   toward the global mean. No kernel: the proximal of a sum of point
//   masses is exact (W = Σ_j G(x - c_j) / Z(c_j)), so nothing needs
//   resolving on the grid.
#include <Eigen/Eigenvalues>
#include <wprox/sdk.hpp>

namespace wprox::tt_brwp {

constexpr double kFloor = 0.25;

struct GaussianEstimate {
  Vector mean;       // mu
  Matrix cov;        // C (1/N normalization)
  Matrix target;     // S
  Matrix precision;  // S^-1
  int clipped = 0;   // eigenvalues of S raised to the floor
};

// The particles' mean, covariance C (1/N normalization, symmetrized) and its
// eigen-decomposition: what both the density estimate and the target model
// start from. RunError(step, ...) when C is singular (the particles lie in a
// hyperplane and have no density).
struct CloudMoments {
  Vector mean;
  RowMatrix centred;  // X - mean
  Matrix cov;
  Eigen::SelfAdjointEigenSolver<Matrix> eigen;
};
CloudMoments cloud_moments(const Particles& X, long step);

// RunError(step, ...) when C is singular.
GaussianEstimate estimate_gaussian(const Particles& X, double T, double beta, long step);

// Each particle's Hessian grad^2 V(x_j) (the potential's own, else
// central differences of its gradient), as an eigen-decomposition: row j
// of axes holds the eigenvectors (d x d, column-major), row j of values
// the eigenvalues (signed). Parallel over particles.
struct LocalCurvature {
  RowMatrix axes, values;
  long evaluations = 0;  // gradient evaluations of the finite differences
};
LocalCurvature local_curvature(const Potential& V, const Particles& X);

// The curvature of the bulk of the cloud: the kBulkQuantile quantile over
// the particles of their largest eigenvalue (>= 0). Robust where a mean
// (the model's Stein regression) is dominated by the few particles of a
// transient that sit in steep tails.
constexpr double kBulkQuantile = 0.5;
double bulk_curvature(const LocalCurvature& c);

struct PointEstimate {
  Particles centres;   // c_j, N x d
  int clipped = 0;     // (particle, direction) pairs where L_j hit its floor
};

// G: grad V at X, H: local_curvature(V, X). Parallel over particles.
PointEstimate estimate_points(const Particles& X, const Particles& G, const LocalCurvature& H, double T, long step);

}  // namespace wprox::tt_brwp
