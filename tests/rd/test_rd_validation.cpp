// Validation of the discrete model and the solvers against closed forms and
// known behaviour: the Allen-Cahn shrinking disk, first order in ht, and
// grid-independent PDHG iteration counts.
#include "rd_support.hpp"

namespace {

using rdtest::Settings;
using rdtest::str;

// r^2 from the area of {u > 0}, measured as h^2 sum (u + 1)/2 (a smooth
// functional of u, unlike counting points).
double radius_sq(const wprox::TensorGrid& g, const std::vector<double>& u) {
  double area = 0.0;
  for (double x : u) area += 0.5 * (x + 1.0);
  return area * g.h() * g.h() / M_PI;
}

}  // namespace

TEST_CASE("rd validation: Allen-Cahn disk follows r^2 = r0^2 - 2 eps t") {
  // eps = 0.01 on [0, 0.5]^2, r0 = 0.2, n = 64 (h = 0.0078 < eps), ht = 1e-3.
  // The sharp-interface law holds up to corrections of relative size
  // O(eps / r) (curvature corrections to the velocity and to the area of the
  // tanh profile) ~ 0.05, plus the O(h^2/eps^2) grid error of the interface
  // ~ 0.6 * (rel. speed error of a 3-point-resolved tanh profile, ~ 0.1 at
  // h/eps = 0.8): the slope of r^2 is checked to 15%. After the sharp
  // initial step relaxes (t ~ eps = 0.01), fit from t = 0.02 to 0.1.
  const double eps = 0.01, ht = 1e-3;
  auto r = rdtest::step_all("pdhg-rd", "allen-cahn", {{"h", str(ht)}}, {{"n", "64"}, {"T", "0.1"}});
  const wprox::PdeProblem& p = rdtest::pde(r.outcome.problem);
  REQUIRE(r.u.size() == 100);
  const double r2_a = radius_sq(p.grid(), r.u[19]), r2_b = radius_sq(p.grid(), r.u[99]);
  const double slope = (r2_b - r2_a) / (0.1 - 0.02);
  MESSAGE("d(r^2)/dt = " << slope << " (law " << -2 * eps << "), r(0.02)^2 = " << r2_a << ", r0^2 = 0.04");
  CHECK(slope == doctest::Approx(-2 * eps).epsilon(0.15));
  // The radius itself: r(0.02)^2 within the interface-width error of r0^2 - 2 eps t:
  // |r^2 - law| <= 2 r w with w = sqrt(2) eps the tanh width.
  CHECK(std::fabs(r2_a - (0.04 - 2 * eps * 0.02)) <= 2 * 0.2 * std::sqrt(2.0) * eps);
}

TEST_CASE("rd validation: backward Euler is first order in ht") {
  // Allen-Cahn (mu = 0 mobility variant, smooth cosine data) with eps = 0.1,
  // n = 32 on [0, 2 pi]^2, to t = 0.2. Errors against ht_ref = ht / 64: the
  // reference's own error (1/64 of the coarsest error) and the solver
  // tolerance (1e-10 t ~ 1e-11) are below 2% of the differences, so the
  // ratio e(ht) / e(ht/2) is 2 (1 + O(ht)) with O(ht) ~ ht / eps * 0.5;
  // accepted in [1.8, 2.2].
  const Settings prob{{"n", "32"}, {"eps", "0.1"}, {"mu", "0"}, {"T", "0.2"}};
  auto final_u = [&](double ht) {
    auto r = rdtest::step_all("newton-krylov-rd", "allen-cahn-mobility",
                              {{"h", str(ht)}, {"tol", "1e-10"}, {"adaptive", "off"}}, prob);
    return r.u.back();
  };
  const double ht0 = 0.02;
  const std::vector<double> ref = final_u(ht0 / 64);
  double prev = 0.0;
  for (int k = 0; k < 3; ++k) {
    const double ht = ht0 / (1 << k);
    const double e = rdtest::max_abs_diff(final_u(ht), ref);
    MESSAGE("ht = " << ht << ": max error " << e << (k ? ", ratio " + str(prev / e) : std::string()));
    if (k) CHECK(prev / e == doctest::Approx(2.0).epsilon(0.1));
    prev = e;
  }
}

TEST_CASE("rd validation: PDHG iteration counts do not grow with the grid") {
  // docs/reaction-diffusion.md: linear convergence at a grid-independent rate. Mean
  // iterations over the first windows at n = 128 within 20% of n = 32.
  struct G {
    std::string problem;
    Settings params;
    std::string t_final;
  };
  const G cases[] = {{"allen-cahn", {{"h", "1e-3"}}, "0.003"},
                     {"fch6", {{"h", "1e-2"}}, "0.02"},
                     {"cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "10"}}, "0.01"}};
  for (const G& c : cases) {
    CAPTURE(c.problem);
    double mean[2];
    int idx = 0;
    for (int n : {32, 128}) {
      auto r = rdtest::step_all("pdhg-rd", c.problem, c.params, {{"n", std::to_string(n)}, {"T", c.t_final}});
      double s = 0.0;
      for (const auto& d : r.diag) s += d.get("iterations");
      mean[idx++] = s / double(r.diag.size());
    }
    MESSAGE(c.problem << ": mean PDHG iterations per window n = 32: " << mean[0] << ", n = 128: " << mean[1]);
    CHECK(std::fabs(mean[1] - mean[0]) <= 0.2 * mean[0]);
  }
}
