#pragma once
// The TT-BRWP scheme on a Gaussian target V = x^T A x / 2 in closed form
// (docs/tt-brwp.md, "Gaussian targets"): when the density estimate is
// N(mu, S) with S = C - (T/beta)^2 C^-1 (eigenvalues floored at kFloor c),
// its regularized proximal is N(M^-1 mu, P), P = M^-1 S M^-1 + (2T/beta) M^-1,
// M = I + T A, and the preconditioned particle map (the model's H is A
// exactly for a quadratic V, so P_c = (I + h A)^-1)
//   x <- x - h P_c [A x - beta^-1 P^-1 (x - M^-1 mu)]
// is affine: x <- B x + b with B = I - h P_c (A - beta^-1 P^-1).
#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include <wprox/sdk.hpp>

namespace tt_brwp_tests {

using wprox::Matrix;
using wprox::Vector;

struct GaussianState {
  Vector mean;
  Matrix cov;
};

// One step of the scheme's moment recursion.
inline GaussianState closed_form_step(const GaussianState& g, const Matrix& A, double beta, double h, double T,
                                      double floor = 0.25) {
  const long d = A.rows();
  const Matrix I = Matrix::Identity(d, d);
  const Eigen::SelfAdjointEigenSolver<Matrix> es(g.cov);
  Vector s = es.eigenvalues();
  const double tau2 = (T / beta) * (T / beta);
  for (long i = 0; i < d; ++i) s[i] = std::max(s[i] - tau2 / s[i], floor * s[i]);
  const Matrix S = es.eigenvectors() * s.asDiagonal() * es.eigenvectors().transpose();
  const Matrix Minv = (I + T * A).inverse();
  const Matrix P = Minv * S * Minv + (2 * T / beta) * Minv;
  const Matrix Pinv = P.inverse();
  const Matrix Pc = (I + h * A).inverse();
  const Matrix B = I - h * Pc * (A - Pinv / beta);
  GaussianState out;
  out.mean = B * g.mean - (h / beta) * Pc * Pinv * Minv * g.mean;
  out.cov = B * g.cov * B.transpose();
  out.cov = 0.5 * (out.cov + out.cov.transpose());
  return out;
}

// The linear rates at the fixed point (mean 0, covariance A^-1 / beta), for
// eigenvalues a_i of A: the mean's component i decays by
//   1 - h a_i / ((1 + T a_i) (1 + h a_i)),
// the covariance's component (i, j) in A's eigenbasis by
//   1 - h (1 + T^2 a_i a_j) / ((1 + T a_i) (1 + T a_j)) [a_i / (1 + h a_i) + a_j / (1 + h a_j)]
// (docs/tt-brwp.md: dB = h P_c dP^-1 / beta at B = I). Both lie in (-1, 1)
// for every h > 0 when 0 < T a < 1.
inline double mean_rate(double a, double h, double T) { return 1.0 - h * a / ((1.0 + T * a) * (1.0 + h * a)); }
inline double cov_rate(double ai, double aj, double h, double T) {
  return 1.0 - h * (1.0 + T * T * ai * aj) / ((1.0 + T * ai) * (1.0 + T * aj)) *
                   (ai / (1.0 + h * ai) + aj / (1.0 + h * aj));
}

// BRWP's limit (exact Z, N -> infinity) for comparison: (A^-1 - T^2 A) / beta.
inline Matrix brwp_limit(const Matrix& A, double beta, double T) {
  return (A.inverse() - T * T * A) / beta;
}

}  // namespace tt_brwp_tests
