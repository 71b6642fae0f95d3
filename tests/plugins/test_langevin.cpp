#include <Eigen/LU>

#include <cmath>

#include "testing.hpp"

using namespace wprox;
using wprox::testing::run_method;

namespace {

Matrix final_covariance(const testing::Outcome& o) {
  const Results r = o.results();
  const Array& a = testing::find_array(r, "particles");
  Particles X = Eigen::Map<const Particles>(a.data.data(), long(a.shape[0]), long(a.shape[1]));
  return sample_covariance(X);
}

// Relative standard error of a sample variance from n independent Gaussian
// draws: sqrt(2 / (n - 1)).
double rel_se(long n) { return std::sqrt(2.0 / double(n - 1)); }

}  // namespace

TEST_CASE("ula and mala pass the conformance suite") {
  testing::check_conformance("ula", "gaussian", {{"particles", "50"}, {"steps", "5"}});
  testing::check_conformance("mala", "bimodal", {{"particles", "50"}, {"steps", "5"}});
}

TEST_CASE("ULA settles at its biased stationary variance 1/(a beta (1 - a h / 2))") {
  // Precision diag(1, 2), h = 0.5: the biased variances are 4/3 and 1, far
  // from the exact 1 and 1/2, so the check separates ULA from an exact
  // sampler. The chain contracts by |1 - a h| <= 0.5 per step, so 100 steps
  // forget the start. N = 10000 independent particles: 5 relative standard
  // errors is 7.1%.
  const long n = 10000;
  auto o = run_method("ula", "gaussian", {{"particles", std::to_string(n)}, {"steps", "100"}, {"h", "0.5"}},
                      {{"precision", "1,2"}}, 3);
  const Matrix C = final_covariance(o);
  const double h = 0.5;
  for (int i = 0; i < 2; ++i) {
    const double a = i == 0 ? 1.0 : 2.0;
    const double expected = 1.0 / (a * (1 - a * h / 2));
    CHECK(C(i, i) == doctest::Approx(expected).epsilon(5 * rel_se(n)));
  }
  // beta scales the variance as 1/beta.
  auto hot =
      run_method("ula", "gaussian", {{"particles", std::to_string(n)}, {"steps", "100"}, {"h", "0.5"}, {"beta", "4"}},
                 {{"precision", "1,2"}}, 4);
  CHECK(final_covariance(hot)(0, 0) == doctest::Approx(4.0 / 3.0 / 4.0).epsilon(5 * rel_se(n)));
}

TEST_CASE("MALA matches the exact moments, with a correlated precision") {
  // Precision [[2, 0.5], [0.5, 1]], h = 0.2: ULA's bias here would be ~10-30%,
  // MALA's invariant law is exact. 4000 chains after 300 steps (acceptance
  // ~0.9; correlation time a few tens of steps); 5 standard errors.
  const long n = 4000;
  auto o = run_method("mala", "gaussian", {{"particles", std::to_string(n)}, {"steps", "300"}, {"h", "0.2"}},
                      {{"precision", "2,0.5;0.5,1"}}, 5);
  Matrix A(2, 2);
  A << 2, 0.5, 0.5, 1;
  const Matrix S = A.inverse();
  const Matrix C = final_covariance(o);
  CHECK(C(0, 0) == doctest::Approx(S(0, 0)).epsilon(5 * rel_se(n)));
  CHECK(C(1, 1) == doctest::Approx(S(1, 1)).epsilon(5 * rel_se(n)));
  // Covariance entry: standard error sqrt((S00 S11 + S01^2) / n).
  CHECK(std::fabs(C(0, 1) - S(0, 1)) < 5 * std::sqrt((S(0, 0) * S(1, 1) + S(0, 1) * S(0, 1)) / n));
  const double acc = o.trace.back().get("acceptance");
  CHECK((acc > 0.5 && acc <= 1.0));
}

TEST_CASE("a step size that blows up is a RunError naming the step") {
  // ULA on a standard Gaussian with h = 10 multiplies by -9 each step: after
  // about 330 steps the particles overflow.
  const auto o = run_method("ula", "gaussian", {{"particles", "10"}, {"steps", "2000"}, {"h", "10"}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Diverged);
  CHECK(o.outcome.error_step > 300);
  CHECK(o.outcome.error.find("not finite") != std::string::npos);
  // The run keeps the state of its last completed step.
  CHECK(o.run->steps_done() == o.outcome.error_step - 1);
}
