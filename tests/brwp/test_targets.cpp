// The logistic and elliptic-inverse targets: gradients (and the logistic
// Hessian) against central differences, the finite-difference solver
// against an exact solution, and the parameter-error report.
#include <cmath>
#include <fstream>

#include "testing.hpp"

using namespace wprox;
using wprox::testing::registry;

namespace {

std::shared_ptr<const Problem> make(const std::string& name, const testing::Settings& s) {
  const ProblemInfo& p = registry().problem(name);
  return p.create(p.schema.resolve(s, "problem '" + name + "'", "problem."), RunContext{});
}

// Central differences with step e: error ~ e^2 |V'''| / 6 + u |V| / e. With
// |V| ~ 1e2..1e4 and e = 1e-5 the second term is ~1e-7..1e-9 relative to
// V; we compare with a relative tolerance of 1e-5 of the gradient's norm.
void check_gradient(const Potential& V, const Vector& x) {
  const int d = V.dim();
  Vector g(d), fd(d);
  V.gradient(x.data(), g.data());
  Vector g2(d);
  const double v = V.value_and_gradient(x.data(), g2.data());
  CHECK(v == doctest::Approx(V.value(x.data())).epsilon(1e-13));
  CHECK((g2 - g).norm() <= 1e-13 * std::max(1.0, g.norm()));
  const double e = 1e-5;
  for (int k = 0; k < d; ++k) {
    Vector xp = x, xm = x;
    xp[k] += e;
    xm[k] -= e;
    fd[k] = (V.value(xp.data()) - V.value(xm.data())) / (2 * e);
  }
  CHECK((g - fd).norm() <= 1e-5 * std::max(1.0, g.norm()));
}

}  // namespace

TEST_CASE("logistic: gradient and Hessian against central differences") {
  auto prob = make("logistic", {{"dim", "4"}, {"samples", "150"}});
  const Potential& V = problem_as<TargetProblem>(*prob).potential();
  REQUIRE(V.dim() == 4);
  Vector x(4);
  x << 0.3, -0.7, 1.1, 0.2;
  check_gradient(V, x);
  RowMatrix H(4, 4);
  REQUIRE(V.hessian(x.data(), H.data()));
  const double e = 1e-5;
  for (int k = 0; k < 4; ++k) {
    Vector xp = x, xm = x, gp(4), gm(4);
    xp[k] += e;
    xm[k] -= e;
    V.gradient(xp.data(), gp.data());
    V.gradient(xm.data(), gm.data());
    CHECK(((gp - gm) / (2 * e) - H.col(k)).norm() <= 1e-5 * std::max(1.0, H.norm()));
  }
}

TEST_CASE("logistic: data from a CSV file") {
  const std::string file = std::string(WPROX_TEST_BINARY_DIR) + "/brwp_logistic_test.csv";
  {
    std::ofstream f(file);
    f << "x1,x2,label\n0.5,1.0,1\n-0.3,0.2,0\n1.5,-0.5,1\n";
  }
  auto prob = make("logistic", {{"data", file}, {"prior_var", "2"}});
  const Potential& V = problem_as<TargetProblem>(*prob).potential();
  REQUIRE(V.dim() == 2);
  // V(0) = n log 2 (each softplus(0)) + 0.
  const double zero[2] = {0, 0};
  CHECK(V.value(zero) == doctest::Approx(3 * std::log(2.0)).epsilon(1e-14));
  {
    std::ofstream f(file);
    f << "0.5,1.0,2\n";
  }
  CHECK_THROWS_AS(make("logistic", {{"data", file}}), InputError);
}

TEST_CASE("elliptic-inverse: the 3-point scheme is exact for constant k") {
  // theta = 0: k = 1, -u'' = f, u = f s (1 - s)/2, a quadratic, which the
  // conservative 3-point stencil reproduces exactly at the nodes. With
  // noise -> 0 and theta_true = 0 the data are these nodal values, so
  // V(0) is zero up to rounding (1e-30 relative to the noise scale).
  auto prob = make("elliptic-inverse", {{"theta_true", "0,0,0"}, {"noise", "1e-9"}, {"prior_std", "1e9"}});
  const Potential& V = problem_as<TargetProblem>(*prob).potential();
  const double zero[3] = {0, 0, 0};
  // misfit = sum r^2/(2 noise^2) with r = noise * xi: ~ 9/2 for the noise
  // itself; the discretization contributes nothing extra.
  const double v = V.value(zero);
  CHECK(v < 50.0);
  CHECK(v > 0.1);
}

TEST_CASE("elliptic-inverse: adjoint gradient against central differences") {
  auto prob = make("elliptic-inverse", {{"modes", "4"}, {"noise", "0.05"}});
  const Potential& V = problem_as<TargetProblem>(*prob).potential();
  Vector x(4);
  x << 0.4, -0.2, 0.3, 0.1;
  check_gradient(V, x);
  x << -1.0, 0.8, 0.0, -0.5;
  check_gradient(V, x);
}

TEST_CASE("elliptic-inverse: BRWP reports theta_err per step and reduces it") {
  auto o = testing::run_method("brwp", "elliptic-inverse", {{"particles", "200"}, {"steps", "60"}, {"h", "0.01"}},
                               {{"noise", "0.05"}});
  REQUIRE(o.trace.front().has("theta_err"));
  const double first = o.trace.front().get("theta_err"), last = o.trace.back().get("theta_err");
  MESSAGE("elliptic-inverse, brwp h=0.01: theta_err " << first << " (step 1) -> " << last << " (step 60)");
  CHECK(last < first);
}
