#include <cmath>

#include <wprox/sampling.hpp>

#include "testing.hpp"

using namespace wprox;

namespace {

std::shared_ptr<const Problem> make(const std::string& name, const testing::Settings& s) {
  const auto& info = testing::registry().problem(name);
  return info.create(info.schema.resolve(s, name, "problem."), RunContext{1, 0});
}

// Central differences of V against the analytic gradient; step 1e-6 gives
// truncation ~1e-12 and round-off ~1e-10 relative to |V|.
void check_gradient(const Potential& V, const Vector& x) {
  Vector g(V.dim());
  V.gradient(x.data(), g.data());
  for (int i = 0; i < V.dim(); ++i) {
    Vector xp = x, xm = x;
    xp[i] += 1e-6, xm[i] -= 1e-6;
    const double fd = (V.value(xp.data()) - V.value(xm.data())) / 2e-6;
    CHECK(g[i] == doctest::Approx(fd).epsilon(1e-6).scale(1.0));
  }
}

}  // namespace

TEST_CASE("analytic gradients agree with finite differences") {
  for (auto [name, settings] : std::vector<std::pair<std::string, testing::Settings>>{
           {"gaussian", {{"precision", "2,0.5;0.5,1"}, {"mean", "1,-1"}}},
           {"bimodal", {}},
           {"mixture", {{"m", "0.5,0.5,1"}}}}) {
    auto p = make(name, settings);
    const auto& t = problem_as<TargetProblem>(*p);
    RandomStream r(2, 0, 0);
    for (int k = 0; k < 5; ++k) {
      Vector x(t.dim());
      r.normal(x.data(), t.dim());
      x *= 2;
      INFO(name << " at " << x.transpose());
      check_gradient(t.potential(), x);
    }
  }
}

TEST_CASE("analytic Hessians agree with finite differences of the gradient") {
  for (auto [name, settings] : std::vector<std::pair<std::string, testing::Settings>>{
           {"gaussian", {{"precision", "2,0.5;0.5,1"}}}, {"bimodal", {}}, {"mixture", {{"m", "0.5,-1"}}}}) {
    auto p = make(name, settings);
    const Potential& V = problem_as<TargetProblem>(*p).potential();
    RandomStream r(3, 0, 0);
    for (int k = 0; k < 5; ++k) {
      Vector x(V.dim()), gp(V.dim()), gm(V.dim());
      r.normal(x.data(), V.dim());
      x *= 2;
      RowMatrix H(V.dim(), V.dim());
      REQUIRE(V.hessian(x.data(), H.data()));
      for (int j = 0; j < V.dim(); ++j) {
        Vector xp = x, xm = x;
        xp[j] += 1e-6, xm[j] -= 1e-6;
        V.gradient(xp.data(), gp.data());
        V.gradient(xm.data(), gm.data());
        for (int i = 0; i < V.dim(); ++i) {
          INFO(name << " H(" << i << "," << j << ") at " << x.transpose());
          CHECK(H(i, j) == doctest::Approx((gp[i] - gm[i]) / 2e-6).epsilon(1e-6).scale(1.0));
        }
      }
    }
  }
}

TEST_CASE("gaussian: dimension checks and exact moments") {
  auto p = make("gaussian", {{"precision", "1,4"}});
  const auto& t = problem_as<TargetProblem>(*p);
  CHECK(t.dim() == 2);
  auto m = t.exact_moments(2.0);
  REQUIRE(m);
  CHECK(m->covariance(1, 1) == doctest::Approx(1.0 / 8));
  CHECK_THROWS_WITH_AS(make("gaussian", {{"dim", "3"}, {"precision", "1,4"}}),
                       "problem.precision has 2 diagonal entries but the dimension is 3", DimensionMismatch);
  CHECK_THROWS_AS(make("gaussian", {{"mean", "1,2,3"}, {"precision", "1,4"}}), DimensionMismatch);
  CHECK_THROWS_WITH_AS(make("gaussian", {{"precision", "1,2;3,1"}}), "problem.precision must be symmetric", InputError);
  CHECK_THROWS_WITH_AS(make("gaussian", {{"precision", "1,2;2,1"}}), "problem.precision must be positive definite",
                       InputError);
}

TEST_CASE("mixture moments: mean 0, covariance I + m m^T at beta = 1") {
  auto p = make("mixture", {});
  const auto& t = problem_as<TargetProblem>(*p);
  auto m = t.exact_moments(1.0);
  REQUIRE(m);
  CHECK(m->covariance(0, 1) == doctest::Approx(0.25));
  CHECK_FALSE(t.exact_moments(2.0));
}

TEST_CASE("the grid KL of the target against itself is zero and grows with a shift") {
  auto p = make("bimodal", {});
  const auto& t = problem_as<TargetProblem>(*p);
  const GridDensity q = target_grid_density(t, 1.0, 64);
  CHECK(grid_kl(q, q) == doctest::Approx(0.0));
  CHECK(grid_tv(q, q) == doctest::Approx(0.0));
  double s = 0;
  for (double v : q.p) s += v;
  CHECK(s == doctest::Approx(1.0));
}
