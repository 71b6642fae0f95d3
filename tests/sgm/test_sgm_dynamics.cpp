// Reverse dynamics of the empirical score: CVODE against RK4 on the
// probability-flow ODE, the two clocks against each other, the memorization
// law (distance to the training set ~ beta sqrt(eps)) for the ODE and the
// SDE, and the data sets' own statistics.
#include <cmath>

#include <wprox/kinds/dataset.hpp>
#include <wprox/sample_metrics.hpp>

#include "datasets.hpp"
#include "score.hpp"
#include "sgm_helpers.hpp"

using namespace wprox;
using namespace wprox::sgm;
using wprox::testing::run_method;

namespace {

// Integrates the probability-flow ODE of the empirical score of Z from
// tau = T to eps in one go with the named integrator.
Particles flow(const ScaledScore& s, Particles Y, double T, double eps, const std::string& integrator, long steps,
               bool log_clock, double tol, long* evals = nullptr) {
  ProbabilityFlow f(s, Y.rows(), T, log_clock);
  auto integ = make_integrator(integrator, steps, tol, tol * 1e-2);
  integ->integrate(f, f.clock(T), f.clock(eps), Y.data());
  if (evals) *evals = integ->stats().rhs_evals;
  return Y;
}

}  // namespace

TEST_CASE("CVODE and RK4 agree on the probability-flow ODE, RK4 converges at order 4") {
  // 30 two-moons training points, 20 samples from eta(., T), beta = T = 1,
  // eps = 1e-2, log clock. RK4's global error is C h^4: the differences
  // Y_n - Y_2n shrink by 16 per halving (we accept 12..20: the constant is
  // not yet exact at n = 100), and Y_400 is within |Y_200 - Y_400| / 15 of
  // the exact flow. CVODE (Adams, rtol 1e-9, atol 1e-11) has a global error
  // of a few hundred times its local tolerance at most: 1e-6 here.
  const Particles Z = two_moons(30, 5);
  EmpiricalScore s(Z, 1.0);
  const Particles Y0 = s.sample(20, 1.0, StreamKey{9, 0});
  const Particles y100 = flow(s, Y0, 1.0, 1e-2, "rk4", 100, true, 0);
  const Particles y200 = flow(s, Y0, 1.0, 1e-2, "rk4", 200, true, 0);
  const Particles y400 = flow(s, Y0, 1.0, 1e-2, "rk4", 400, true, 0);
  long evals = 0;
  const Particles yc = flow(s, Y0, 1.0, 1e-2, "cvode", 0, true, 1e-9, &evals);
  const double d1 = (y100 - y200).cwiseAbs().maxCoeff(), d2 = (y200 - y400).cwiseAbs().maxCoeff();
  MESSAGE("RK4 differences " << d1 << " " << d2 << " ratio " << d1 / d2 << "; CVODE rhs evaluations " << evals);
  CHECK(d1 / d2 > 12);
  CHECK(d1 / d2 < 20);
  CHECK((yc - y400).cwiseAbs().maxCoeff() < d2 / 15 + 1e-6);
  // The samples moved: the comparison is not trivially satisfied.
  CHECK((yc - Y0).cwiseAbs().maxCoeff() > 0.1);
}

TEST_CASE("the linear and logarithmic clocks integrate the same ODE") {
  // Same trajectories, different time variable: both CVODE solutions at
  // rtol 1e-9 agree to ~1e-6 (global error bound as above).
  const Particles Z = two_moons(30, 6);
  EmpiricalScore s(Z, 0.8);
  const Particles Y0 = s.sample(10, 2.0, StreamKey{3, 0});
  const Particles a = flow(s, Y0, 2.0, 1e-2, "cvode", 0, true, 1e-9);
  const Particles b = flow(s, Y0, 2.0, 1e-2, "cvode", 0, false, 1e-9);
  CHECK((a - b).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("memorization: samples end at distance ~ beta sqrt(eps) from training points") {
  // eta(., eps) is the mixture of N(Z_i, beta^2 eps I); a sample attached to
  // Z_i is at distance beta sqrt(eps) R with R Rayleigh (2-D), median
  // sqrt(2 ln 2) = 1.1774. The nearest training point can only be nearer, so
  // the reference is the median for exact draws from eta(., eps) (20000
  // draws: its own error is negligible). The sample median of n = 1000
  // Rayleigh draws has standard deviation 1 / (2 f(m) sqrt(n)) = 0.027
  // (f(m) = m exp(-m^2/2) = 0.589): 2.3% of the median. 5 sd = 11.5%; the
  // SDE's Euler-Maruyama bias (h / tau = 1.8% per step) adds ~2%: 14%.
  const double beta = 1.0;
  Particles Z;
  for (const std::string dynamics : {"ode", "sde"}) {
    for (double eps : {1e-2, 1e-3, 1e-4}) {
      auto o = run_method("sgm-empirical", "two-moons",
                          {{"samples", "1000"}, {"eps", std::to_string(eps)}, {"dynamics", dynamics}},
                          {{"train", "50"}, {"heldout", "500"}}, 3);
      const auto& data = problem_as<DatasetProblem>(*o.problem);
      const Particles Y = sgm_test::as_matrix(testing::find_array(o.results(), "samples"));
      const double got = median(nearest_distances(Y, data.train()).d1);
      EmpiricalScore s(data.train(), beta);
      const double want = median(nearest_distances(s.sample(20000, eps, StreamKey{77, 0}), data.train()).d1);
      CAPTURE(dynamics);
      CAPTURE(eps);
      CHECK(got == doctest::Approx(want).epsilon(0.14));
      // and the scaling law itself, once eps is small enough that the
      // neighbours (spacing ~0.25) do not matter:
      if (eps <= 1e-3) CHECK(got / (beta * std::sqrt(eps)) == doctest::Approx(1.1774).epsilon(0.14));
      const Diagnostics m = o.metrics();
      CHECK(m.get("median_nn_samples") == doctest::Approx(got));
      if (eps == 1e-4) CHECK(m.get("memorized_fraction") > m.get("memorized_fraction_heldout") + 0.3);
    }
  }
}

TEST_CASE("two moons: mean (0, 0.3) and the noise level") {
  // Upper moon mean (0, 2/pi), lower (1, 1/2 - 2/pi): average (1/2, 1/4),
  // mapped by x2 + (-1, -0.2) to (0, 0.3). Coordinate variances are <= 1.1
  // here: 5 standard errors with n = 20000 is 0.037.
  const Particles X = two_moons(20000, 1);
  CHECK(std::abs(X.col(0).mean()) < 0.037);
  CHECK(std::abs(X.col(1).mean() - 0.3) < 0.037);
  // Every point is within 5 noise sd (0.02 after scaling) of its moon.
  for (long k = 0; k < X.rows(); ++k) {
    const double x = (X(k, 0) + 1) / 2, y = (X(k, 1) + 0.2) / 2;
    const double upper = std::abs(std::hypot(x, y) - 1), lower = std::abs(std::hypot(x - 1, y - 0.5) - 1);
    CHECK(std::min(upper, lower) < 0.01 * 5 * 1.5);
  }
  // The first points of a longer draw are the same points.
  CHECK((two_moons(10, 1) - X.topRows(10)).norm() == 0.0);
}

TEST_CASE("6-D Swiss roll: the linear features and the free coordinate") {
  // z1 - 2x = 0.1 e, z2 - x - y = 0.1 e, z3 - x + 2y = 0.1 e, z4 ~ N(0, 1):
  // standard deviations 0.1, 0.1, 0.1, 1 (relative standard error of an sd
  // estimate from n = 20000: 1/sqrt(2n) = 0.5%; 5 se = 2.5%).
  const Particles X = swiss_roll_6d(20000, 2);
  auto sd = [](const Vector& v) { return std::sqrt((v.array() - v.mean()).square().mean()); };
  CHECK(sd(X.col(2) - 2 * X.col(0)) == doctest::Approx(0.1).epsilon(0.025));
  CHECK(sd(X.col(3) - X.col(0) - X.col(1)) == doctest::Approx(0.1).epsilon(0.025));
  CHECK(sd(X.col(4) - X.col(0) + 2 * X.col(1)) == doctest::Approx(0.1).epsilon(0.025));
  CHECK(sd(X.col(5)) == doctest::Approx(1.0).epsilon(0.025));
  // The roll's radius t/5 lies in [0.3 pi, 0.9 pi] before the N(0, 1/25) noise.
  for (long k = 0; k < 200; ++k) {
    const double r = std::hypot(X(k, 0), X(k, 1));
    CHECK(r > 0.3 * M_PI - 1.2);
    CHECK(r < 0.9 * M_PI + 1.2);
  }
}
