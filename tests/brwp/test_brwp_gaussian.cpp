// BRWP on Gaussian targets against the closed forms of docs/samplers.md.
//
// Finite-N deficit, derived. With N particles the kernel sum includes the
// particle itself (j = i) with weight w_ii, so x_i - sum_j w_ij x_j =
// (1 - w_ii)(x_i - m_i) with m_i the mean over the others: the repulsion is
// scaled by (1 - eps), eps ~ the mean self weight w̄ (reported by the step).
// In 1-D with V = a x^2/2 the stationary condition of the linear moment map
// (gaussian_helpers.hpp) is 1/(beta S') = a (1 + eps/2) + O(eps^2), and
// s = M^2 (S' - 2T/(beta M)) then drops by the fraction
//   (eps/2) (1 + aT)/(1 - aT)      (= 0.61 eps at aT = 0.1).
// So the relative variance deficit lies in (0, w̄] whenever aT <= 1/3 (the
// 1-D checks below); in d dimensions, per eigen-direction of A, the same
// model taken exactly in eps is checked in stationary_check.hpp. Measured
// (1-D, a = beta = 1, T = h = 0.1): deficit 0.0045 at N = 200 with
// w̄ = 0.028, 0.00075 at N = 1000 with w̄ = 0.0063: the model's 0.61 w̄
// over-predicts by ~4x because w_ii is largest in the sparse tails.
#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "gaussian_helpers.hpp"
#include "stationary_check.hpp"
#include "testing.hpp"

using namespace wprox;
using namespace wprox::brwp_tests;

TEST_CASE("1-D moment map reproduces the KL values of docs/samplers.md") {
  // a = beta = 1, start N(1, 4), T = h = 0.1: KL 1.307 (k=0), 0.1014 (k=10),
  // 2.517e-5 (k >= 100), printed to 4 significant digits.
  Moments1D q{1.0, 4.0};
  CHECK(std::abs(kl_to_standard_normal(q.m, q.s) - 1.307) <= 5e-4);
  for (int k = 1; k <= 100; ++k) {
    q = brwp_moment_step(q, 1, 1, 0.1, 0.1);
    if (k == 10) CHECK(std::abs(kl_to_standard_normal(q.m, q.s) - 0.1014) <= 5e-5);
  }
  CHECK(std::abs(kl_to_standard_normal(q.m, q.s) - 2.517e-5) <= 5e-9);
  // The stationary variance (A^-1 - T^2 A)/beta = 0.99.
  for (int k = 0; k < 1000; ++k) q = brwp_moment_step(q, 1, 1, 0.1, 0.1);
  CHECK(std::abs(q.s - 0.99) <= 1e-12);
}

TEST_CASE("1-D BRWP particles follow the mean and variance recurrences step by step") {
  const Matrix A = Matrix::Constant(1, 1, 1.0);
  const QuadraticPotential V(A);
  for (double beta : {1.0, 2.0}) {
    CAPTURE(beta);
    const long N = 1000;
    Particles X = quantile_cloud(N, 1.0, 4.0 / beta);
    // Start the recurrence from the cloud's own moments, so that only the
    // finite-N kernel effect is left.
    Moments1D q{X.col(0).mean(), biased_variance(X)};
    const auto st = laplace_settings(0.1, 0.1, beta);
    brwp::StepWorkspace ws;
    double worst_s = 0, worst_m = 0;
    for (int k = 1; k <= 40; ++k) {
      brwp::StepInfo info;
      brwp::brwp_step(V, X, st, k, ws, &info);
      q = brwp_moment_step(q, 1, beta, 0.1, 0.1);
      const double rel_s = biased_variance(X) / q.s - 1;
      const double dm = X.col(0).mean() - q.m;
      worst_s = std::max(worst_s, std::abs(rel_s));
      worst_m = std::max(worst_m, std::abs(dm));
      CAPTURE(k);
      // Variance: the deficit bound above (transient included: the same
      // repulsion scaling acts at every step). Mean: the self term scales the
      // mean's repulsion the same way, |dm| <= w̄ |m| + rounding.
      CHECK(std::abs(rel_s) <= info.mean_self_weight);
      CHECK(std::abs(dm) <= info.mean_self_weight * std::abs(q.m) + 1e-12);
    }
    MESSAGE("1-D recurrences, beta=" << beta << ", N=" << N << ": max |var/var_rec - 1| = " << worst_s
                                     << ", max |mean - mean_rec| = " << worst_m);
  }
}

TEST_CASE("1-D stationary variance: the O(1/N) finite-N deficit at N = 200") {
  check_stationary_1d(200, 0.9856, 2000);
}

TEST_CASE("2-D correlated Gaussian: stationary covariance (A^-1 - T^2 A)/beta") {
  Matrix A(2, 2);
  A << 1.0, 0.3, 0.3, 0.5;
  check_stationary(A, 2.0, 0.1, 0.1, 1000, 200);
}
