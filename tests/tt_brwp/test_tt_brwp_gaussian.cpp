// TT-BRWP on Gaussian targets against the closed form of docs/tt-brwp.md:
// the moment recursion's fixed point and rates, and the method (through
// the registry, as the CLI runs it) reaching that fixed point at those
// rates, unbiased where brwp's limit is A^-1 - T^2 A.
#include <cmath>

#include "tt_brwp_test_support.hpp"

using namespace wprox;
using namespace tt_brwp_tests;

namespace {

// The chain precision 1.25 I + 0.35 (path adjacency): correlated, with TT
// ranks that stay small, and eigenvalues 1.25 + 0.7 cos(pi j / (d + 1)) in
// [0.55, 1.95] (T a < 1 for T <= 0.5, so the fixed point exists).
Matrix chain(int d) {
  Matrix A = 1.25 * Matrix::Identity(d, d);
  for (int i = 0; i + 1 < d; ++i) A(i, i + 1) = A(i + 1, i) = 0.35;
  return A;
}

double rel(const Matrix& a, const Matrix& b) { return (a - b).norm() / b.norm(); }

}  // namespace

TEST_CASE("closed form: A^-1 / beta is the fixed point of the moment recursion, with the stated rates") {
  // Pure algebra: iterating closed_form_step from N(1, I) must land on the
  // target to round-off (the rates are < 0.95, 2000 steps contract by
  // 1e-40), and a perturbation eps E_ij of the fixed point along A's
  // eigenvectors must come back multiplied by cov_rate(a_i, a_j) up to the
  // recursion's second-order term, O(eps) relative: eps = 1e-7 allows 1e-5.
  for (int d : {2, 5, 10}) {
    for (double beta : {1.0, 2.0}) {
      const Matrix A = chain(d);
      const double h = 0.1, T = 0.1;
      GaussianState g{Vector::Ones(d), Matrix::Identity(d, d)};
      for (int k = 0; k < 2000; ++k) g = closed_form_step(g, A, beta, h, T);
      CHECK(rel(g.cov, A.inverse() / beta) < 1e-12);
      CHECK(g.mean.norm() < 1e-12);
      const Eigen::SelfAdjointEigenSolver<Matrix> es(A);
      const Matrix U = es.eigenvectors();
      const Vector a = es.eigenvalues();
      const double eps = 1e-7;
      for (int i = 0; i < d; ++i)
        for (int j = i; j < d; ++j) {
          const Matrix E = U.col(i) * U.col(j).transpose() + U.col(j) * U.col(i).transpose();
          GaussianState p{Vector::Zero(d), A.inverse() / beta + eps * E};
          const GaussianState q = closed_form_step(p, A, beta, h, T);
          const double measured = (U.col(i).dot((q.cov - A.inverse() / beta) * U.col(j))) / (eps * (i == j ? 2 : 1));
          CHECK(measured == doctest::Approx(cov_rate(a[i], a[j], h, T)).epsilon(1e-5));
        }
      GaussianState m{1e-7 * U.col(0), A.inverse() / beta};
      const GaussianState mq = closed_form_step(m, A, beta, h, T);
      CHECK(U.col(0).dot(mq.mean) / 1e-7 == doctest::Approx(mean_rate(a[0], h, T)).epsilon(1e-6));
    }
  }
}

TEST_CASE("2-D correlated Gaussian, Gaussian density estimate: the particles reach A^-1 to TT accuracy") {
  // bandwidth = 1 makes the density estimate the Gaussian N(mu, S), so the
  // particle map is affine and the particles' own mean and covariance
  // follow the closed-form recursion exactly, whatever N: the covariance
  // reaches A^-1 up to the TT errors alone. Those are the ratio's TT-SVD
  // (bound cross_tol = 1e-6 relative, in Frobenius over the grid) and the
  // interpolation of W at the particles (48 Gauss-Legendre nodes: ~1e-10);
  // a relative error delta in the score's linear part moves the fixed point
  // by about delta / (1 - rate), rate <= 0.91 here: 1e-6 / 0.09 ~ 1e-5.
  // Tolerance 1e-4.
  // brwp (exact Laplace Z, the same N, 60 steps) stalls at A^-1 - T^2 A plus
  // its finite-N deficit: at least half of the T^2 A bias away.
  const Matrix A = chain(2);
  const std::string prec = matrix_text(A);
  const testing::Settings s{{"particles", "1000"}, {"steps", "80"}, {"h", "0.1"}, {"bandwidth", "1"}};
  const auto o = testing::run_method("tt-brwp", "gaussian", s, {{"precision", prec}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Done);
  const GaussianState g = moments(particles_of(o));
  MESSAGE("tt-brwp covariance error " << rel(g.cov, A.inverse()) << ", mean " << g.mean.norm());
  CHECK(rel(g.cov, A.inverse()) < 1e-4);
  // The mean of 1000 N(0, I) draws (|.| ~ 0.045, < 0.15 at 3 sd) times the
  // slowest mean rate 0.952^80 = 0.02.
  CHECK(g.mean.norm() < 0.15 * 0.02);
  const auto b = testing::run_method("brwp", "gaussian", {{"particles", "1000"}, {"steps", "80"}, {"h", "0.1"}},
                                     {{"precision", prec}});
  const GaussianState gb = moments(particles_of(b));
  const double bias = rel(brwp_limit(A, 1.0, 0.1), A.inverse());
  MESSAGE("brwp covariance error " << rel(gb.cov, A.inverse()) << ", its T^2 A bias alone " << bias);
  CHECK(rel(gb.cov, A.inverse()) > 0.5 * bias);
  CHECK(rel(g.cov, A.inverse()) < 0.01 * bias);
}

TEST_CASE("2-D correlated Gaussian: the mean and the covariance contract at the closed-form rates") {
  // A cloud with exactly the target covariance and its mean offset along
  // the eigenvector of a_min: the covariance recursion stays at its fixed
  // point and the mean recursion is exactly linear, so |mean| shrinks by
  // mean_rate(a_min) = 1 - h a / (1 + T a) every step. Measured over 10
  // steps the ratio carries the TT error (~1e-5 relative of the score, see
  // above) divided by |mean| ~ 0.1: tolerance 1e-3 on the per-step rate.
  // Then a covariance perturbation eps u u^T (eps = 1% of the variance):
  // it decays by cov_rate(a, a) per step up to the second-order term,
  // O(eps / c) = 1% of the rate's gap from 1: tolerance 2e-3.
  const Matrix A = chain(2);
  const Eigen::SelfAdjointEigenSolver<Matrix> es(A);
  const Vector u = es.eigenvectors().col(0);
  const double a = es.eigenvalues()[0], h = 0.1, T = 0.1;
  const std::string prec = matrix_text(A);
  const long N = 500;

  const std::string shifted = write_cloud(exact_cloud(N, 0.3 * u, A.inverse(), 3), "tt_brwp_rate_mean");
  auto run = [&](const std::string& init, long steps) {
    const auto o = testing::run_method("tt-brwp", "gaussian",
                                       {{"particles", std::to_string(N)}, {"steps", std::to_string(steps)},
                                        {"h", "0.1"}, {"bandwidth", "1"}, {"init", init}},
                                       {{"precision", prec}});
    REQUIRE(o.outcome.status == RunOutcome::Status::Done);
    return moments(particles_of(o));
  };
  const double m5 = run(shifted, 5).mean.norm(), m15 = run(shifted, 15).mean.norm();
  const double mean_measured = std::pow(m15 / m5, 0.1);
  MESSAGE("mean rate measured " << mean_measured << ", closed form " << mean_rate(a, h, T));
  CHECK(std::abs(mean_measured - mean_rate(a, h, T)) < 1e-3);

  const double c = 1.0 / a;
  const std::string wide = write_cloud(exact_cloud(N, Vector::Zero(2), A.inverse() + 0.01 * c * u * u.transpose(), 4),
                                       "tt_brwp_rate_cov");
  const GaussianState c2 = run(wide, 2), c12 = run(wide, 12);
  const double e2 = u.dot((c2.cov - A.inverse()) * u), e12 = u.dot((c12.cov - A.inverse()) * u);
  const double cov_measured = std::pow(e12 / e2, 0.1);
  MESSAGE("covariance rate measured " << cov_measured << ", closed form " << cov_rate(a, a, h, T));
  CHECK(std::abs(cov_measured - cov_rate(a, a, h, T)) < 2e-3);
}

TEST_CASE("2-D correlated Gaussian, default (mixture) density estimate: unbiased within sampling error") {
  // With the default bandwidth (Scott's rule) the estimate is a mixture,
  // the map is no longer affine, and the particles keep the initial draw's
  // finite-N fluctuations. The covariance of N iid draws errs by about
  // sqrt((d + 1) / N) relative (Frobenius): 0.055 at N = 1000; we allow
  // that, where brwp's T^2 A bias plus its finite-N deficit is what the
  // previous test measured.
  const Matrix A = chain(2);
  const auto o = testing::run_method("tt-brwp", "gaussian", {{"particles", "1000"}, {"steps", "80"}, {"h", "0.1"}},
                                     {{"precision", matrix_text(A)}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Done);
  const GaussianState g = moments(particles_of(o));
  MESSAGE("mixture estimate: covariance error " << rel(g.cov, A.inverse()));
  CHECK(rel(g.cov, A.inverse()) < std::sqrt(3.0 / 1000));
  CHECK(g.mean.norm() < 3 * std::sqrt(2.0 / 1000));
}
