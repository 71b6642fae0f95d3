// pdhg-hj and explicit-hj through the registry: conformance, first-order
// convergence against a fine explicit reference and against exact
// solutions, stability far beyond the explicit CFL limit, the viscous case,
// trajectories and bad input.
#include <algorithm>
#include <cmath>

#include "hj_compare.hpp"

using namespace wprox;
using namespace wprox::hj_test;
using wprox::testing::Settings;

namespace {
const Settings kAutoSteps = {{"substeps", "0"}};
}

TEST_CASE("conformance: pdhg-hj and explicit-hj") {
  testing::check_conformance("pdhg-hj", "hj-quadratic", {{"nx", "16"}, {"time_levels", "3"}});
  testing::check_conformance("explicit-hj", "hj-quadratic", {{"nx", "16"}, {"time_levels", "3"}});
  // 2-D with mixed boundaries: large enough (256 points) to stay serial
  // either way, so this checks the FFT path rather than thread splitting.
  testing::check_conformance("pdhg-hj", "hj-newton", {{"nx", "16"}, {"time_levels", "3"}});
}

TEST_CASE("pdhg-hj converges at first order to the fine explicit solution (1-D quadratic and homogeneous)") {
  // Reference: explicit-hj on nx = 2560 (16x the finest coarse grid) with
  // automatic CFL steps. Its own error is first order in h_ref = h/16, so it
  // contributes at most ~1/16 (6%) of the finest coarse error. Expected
  // (an independent re-implementation, quadratic; docs/hamilton-jacobi.md):
  // 6.6e-2 / 3.9e-2 / 2.15e-2 at 40x11 / 80x21 / 160x41. We allow 10% (the
  // reference's 6% plus the different fine references of the two studies);
  // the PDHG stopping tolerance (dt|F| <= 1e-6 per step) is negligible.
  struct Case {
    const char* problem;
    double expect[3];
  };
  const Case cases[] = {{"hj-quadratic", {6.6e-2, 3.9e-2, 2.15e-2}},
                        // homogeneous: our own first measurement (6.14e-2 / 3.55e-2 / 1.95e-2),
                        // held to the same 10% and, independently, to first order below.
                        {"hj-homogeneous", {6.14e-2, 3.55e-2, 1.95e-2}}};
  for (const Case& c : cases) {
    const std::string problem = c.problem;
    CAPTURE(problem);
    const Solution ref = solve("explicit-hj", c.problem, 2560, 41, kAutoSteps);
    const int nx[3] = {40, 80, 160}, nt[3] = {11, 21, 41};
    double err[3];
    for (int j = 0; j < 3; ++j) {
      const Solution s = solve("pdhg-hj", c.problem, nx[j], nt[j]);
      err[j] = rel_l1(s, ref);
      MESSAGE(c.problem << " nx=" << nx[j] << " nt=" << nt[j] << " rel l1 = " << err[j]
                        << " mean PDHG iterations/step = " << metric(s, "mean_iterations"));
      CHECK(err[j] == doctest::Approx(c.expect[j]).epsilon(0.10));
    }
    // First order: halving dx and dt halves the error; the observed order
    // log2(e_j / e_j+1) was 0.75-0.85 at these coarse grids (kinks of phi
    // reduce the pre-asymptotic order), so require (0.6, 1.3).
    for (int j = 0; j < 2; ++j) {
      const double order = std::log2(err[j] / err[j + 1]);
      CHECK(order > 0.6);
      CHECK(order < 1.3);
    }
  }
}

TEST_CASE("hj-hopf-lax: both methods converge to the Hopf-Lax and Hopf-Cole solutions") {
  // Exact phi = min_y g(y) + |x - y|^2 / (2t) (visc = 0) and the Hopf-Cole
  // formula (visc = 0.05). Both schemes are first order: the error must
  // fall by a factor in (2^0.6, 2^1.3) per refinement.
  for (const char* visc : {"0", "0.05"}) {
    for (const char* method : {"pdhg-hj", "explicit-hj"}) {
      const std::string visc_s = visc, method_s = method;
      CAPTURE(visc_s);
      CAPTURE(method_s);
      const Settings extra = std::string(method) == "explicit-hj" ? kAutoSteps : Settings{};
      double err[3];
      const int nx[3] = {40, 80, 160}, nt[3] = {11, 21, 41};
      for (int j = 0; j < 3; ++j) {
        const Solution s = solve(method, "hj-hopf-lax", nx[j], nt[j], extra, {{"visc", visc}});
        err[j] = metric(s, "l1_rel_error_exact");
        MESSAGE(method << " visc=" << visc << " " << nx[j] << "x" << nt[j] << " rel l1 vs exact = " << err[j]);
      }
      for (int j = 0; j < 2; ++j) {
        const double order = std::log2(err[j] / err[j + 1]);
        CHECK(order > 0.6);
        CHECK(order < 1.3);
      }
    }
  }
}

TEST_CASE("hj-hopf-lax in 2-D is the sum of two 1-D solutions") {
  // H and g are sums over axes and so is the discrete implicit scheme: its
  // unique solution is phi1(x) + phi1(y). Each solve stops within
  // dt|F| <= tol of the implicit solution per step, and the monotone scheme
  // does not amplify errors, so after nt - 1 steps both are within
  // (nt - 1) tol: the difference is at most 3 (nt - 1) tol.
  const int n = 20, nt = 6;
  const double tol = 1e-8;
  const Settings s = {{"nx", std::to_string(n)}, {"time_levels", std::to_string(nt)}, {"tol", "1e-8"}};
  const testing::Outcome two = testing::run_method("pdhg-hj", "hj-hopf-lax", s, {{"dim", "2"}});
  const testing::Outcome one = testing::run_method("pdhg-hj", "hj-hopf-lax", s, {{"dim", "1"}});
  const std::vector<double> p2 = testing::find_array(two.results(), "phi").data;
  const std::vector<double> p1 = testing::find_array(one.results(), "phi").data;
  double worst = 0;
  for (int k = 0; k < nt; ++k)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        worst = std::max(worst, std::abs(p2[std::size_t((k * n + i) * n + j)] - p1[std::size_t(k * n + i)] -
                                         p1[std::size_t(k * n + j)]));
  CHECK(worst <= 3 * (nt - 1) * tol);
}

TEST_CASE("pdhg-hj is stable and accurate far beyond the explicit CFL limit") {
  // hj-quadratic at nx = 160, nt = 6: dt = 0.2, dt/dx = 16. explicit-hj
  // refuses that step; pdhg-hj solves it. Checks: the max principle of the
  // monotone scheme (H(x, 0) = 0, so min g <= phi <= max g), and the error
  // against the fine reference: first order in dt dominates, e ~ C dt with
  // C ~ 0.66 from the 40x11 row (6.6e-2 at dt = 0.1), so ~0.13 at dt = 0.2;
  // require < 0.15 (the dx part is 4x smaller than at 40x11).
  CHECK_THROWS_WITH_AS(solve("explicit-hj", "hj-quadratic", 160, 6, {{"substeps", "1"}}),
                       doctest::Contains("largest allowed dt"), InputError);
  const Solution ref = solve("explicit-hj", "hj-quadratic", 2560, 41, kAutoSteps);
  const Solution s = solve("pdhg-hj", "hj-quadratic", 160, 6);
  // Each step stops within tol = 1e-6 (max norm) of its implicit solution,
  // and the monotone implicit step is non-expansive in the max norm, so the
  // errors of the 6 steps add up to at most 6 tol beyond [min g, max g].
  const double slack = 6 * 1e-6;
  for (double v : s.phi) {
    CHECK(v >= -1.0 - slack);
    CHECK(v <= 1.0 + slack);
  }
  const double e = rel_l1(s, ref);
  MESSAGE("dt/dx = 16: rel l1 = " << e << ", mean iterations " << metric(s, "mean_iterations"));
  CHECK(e < 0.15);
  // Homogeneous (bang-bang) at dt/dx = 8 (nx = 160, nt = 11): the CFL
  // limit of the explicit scheme is h / (2 max a) = h / 2.2, so 17.6x beyond.
  const Solution rh = solve("explicit-hj", "hj-homogeneous", 2560, 41, kAutoSteps);
  const Solution sh = solve("pdhg-hj", "hj-homogeneous", 160, 11);
  const double eh = rel_l1(sh, rh);
  MESSAGE("homogeneous dt/dx = 8: rel l1 = " << eh << ", mean iterations " << metric(sh, "mean_iterations"));
  // First order in dt: the 40x11 row (same dt) has 6.1e-2 with 4x larger dx.
  CHECK(eh < 6.2e-2);
}

TEST_CASE("viscous case: pdhg-hj converges at first order to the fine explicit solution") {
  // visc = 0.05; reference explicit-hj at nx = 1280 (16x the finest coarse
  // grid, its CFL limit now set by h^2 / (2 visc)).
  const Settings pv = {{"visc", "0.05"}};
  const Solution ref = solve("explicit-hj", "hj-quadratic", 1280, 41, kAutoSteps, pv);
  const int nx[3] = {20, 40, 80}, nt[3] = {11, 21, 41};
  double err[3];
  for (int j = 0; j < 3; ++j) {
    const Solution s = solve("pdhg-hj", "hj-quadratic", nx[j], nt[j], {}, pv);
    err[j] = rel_l1(s, ref);
    MESSAGE("visc 0.05 " << nx[j] << "x" << nt[j] << " rel l1 = " << err[j]);
  }
  for (int j = 0; j < 2; ++j) {
    const double order = std::log2(err[j] / err[j + 1]);
    CHECK(order > 0.6);
    CHECK(order < 1.3);
  }
}
