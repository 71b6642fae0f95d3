// Longer validation (LABELS long): 2-D hj-quadratic and hj-homogeneous,
// pdhg-hj against explicit-hj on a 4x finer grid, first order.
#include <cmath>

#include "hj_compare.hpp"

using namespace wprox;
using namespace wprox::hj_test;

namespace {

// Relative l1 over the coarse space-time grid; both space axes periodic.
double rel_l1_2d(const Solution& c, const Solution& f) {
  using K = NestedAxis::Kind;
  return relative_l1_nested(
      c.phi.data(), f.phi.data(),
      {{K::Endpoints, c.nt, f.nt}, {K::PeriodicNodes, c.nx, f.nx}, {K::PeriodicNodes, c.nx, f.nx}});
}

}  // namespace

TEST_CASE("2-D: pdhg-hj converges at first order to the fine explicit solution") {
  // Reference explicit-hj on 256^2 (4x the finest coarse grid, so its own
  // error is ~1/4 of the finest coarse error and lowers the last observed
  // order by up to log2(4/3) ~ 0.4): each order must be in (0.5, 1.3).
  for (const char* problem : {"hj-quadratic", "hj-homogeneous"}) {
    const std::string name = problem;
    CAPTURE(name);
    const Solution ref = solve("explicit-hj", problem, 256, 33, {{"substeps", "0"}}, {{"dim", "2"}});
    const int n[3] = {16, 32, 64}, nt[3] = {5, 9, 17};
    double err[3];
    for (int j = 0; j < 3; ++j) {
      const Solution s = solve("pdhg-hj", problem, n[j], nt[j], {}, {{"dim", "2"}});
      err[j] = rel_l1_2d(s, ref);
      MESSAGE(name << " 2-D " << n[j] << "^2 x " << nt[j] << ": rel l1 = " << err[j] << ", mean PDHG iterations/step "
                   << metric(s, "mean_iterations"));
    }
    for (int j = 0; j < 2; ++j) {
      const double order = std::log2(err[j] / err[j + 1]);
      CHECK(order > 0.5);
      CHECK(order < 1.3);
    }
  }
}
