#pragma once
// The Gaussian model of the target that TT-BRWP factors out of every
// integral (docs/tt-brwp.md, "The factored kernel formula"):
//
//   q(x) = (x - m)^T H (x - m) / 2,   H = U diag(eta) U^T,  eta >= 0,
//
// fitted to the particles by Stein's identity: for any cloud with
// covariance C, Cov(grad V(x), x) = E[grad^2 V] C when the cloud is
// Gaussian, and for a quadratic V it equals A C for every cloud, so
//
//   H = sym(Cov(grad V, x) C^-1)   (eigenvalues floored at 0),
//   m = mu - H^+ mean(grad V)      (clamped to 5 sd of the cloud per axis)
//
// recovers a Gaussian target exactly from any non-degenerate cloud. The
// model only decides what is done in closed form and what is left to the
// tensor train (the residual exp(-beta (V - q) / 2)): the scheme is the
// same for every H and m, only the residual's rank and range change. The
// frame x = m + U u is the grid's: the model's Gaussian factors are
// separable there.
#include <wprox/sdk.hpp>

namespace wprox::tt_brwp {

struct TargetModel {
  Vector centre;  // m
  Matrix frame;   // U (orthogonal, columns: axes of the grid)
  Vector eta;        // the model's eigenvalues, >= 0, in the frame's order
  Vector curvature;  // the curvature for T and the preconditioner (= eta; on an axis-aligned model, H's diagonal)
  long evaluations = 0;  // gradient evaluations the fit took

  int dim() const { return int(eta.size()); }
  // u = U^T (x - m), row by row.
  RowMatrix to_frame(const RowMatrix& X) const;
  // x = m + U u, row by row.
  RowMatrix from_frame(const RowMatrix& Uc) const;
  double curvature_max() const { return curvature.size() ? curvature.maxCoeff() : 0.0; }
};

// The model for particles X (N > d) with their gradients G (N x d).
// RunError(step, ...) when the particles' covariance is singular.
TargetModel fit_model(const Particles& X, const Particles& G, long step);

// The flat model (H = 0, identity frame) centred at the particle with the
// lowest potential: the grid then holds exp(-beta V / 2) itself.
TargetModel flat_model(const Particles& X, const Vector& potential);

// The model restricted to the identity frame (a user-given domain): H's
// diagonal in the original axes, m clamped into the box [lo, hi].
TargetModel axis_aligned(const TargetModel& m, const Vector& lo, const Vector& hi);

// T when the user gives none: h, capped so that T lambda <= 1/2 for the
// target's curvature lambda (the model's largest eta with the Gaussian
// estimate, the bulk curvature of the particles with theirs). The
// unbiased density estimate exists only for T lambda_max(grad^2 V) < 1
// (docs/tt-brwp.md); the cap keeps the stiffest direction at half that.
double default_T(double h, double lambda);
constexpr double kTLambdaMax = 0.5;

}  // namespace wprox::tt_brwp
