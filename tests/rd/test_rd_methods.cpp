// pdhg-rd and newton-krylov-rd through the registry: conformance, agreement
// on the discrete solution, mass conservation, energy decay, Neumann against
// a known discrete solution, and refusals of bad input.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <wprox/io/npy.hpp>

#include <wprox/stencil.hpp>
#include "agreement_bound.hpp"

#include "rd_support.hpp"

namespace {

using rdtest::Settings;
using rdtest::str;

const char* const kMethods[] = {"pdhg-rd", "newton-krylov-rd"};

// Small versions of each example: n = 16, four steps of ht.
struct Small {
  std::string problem;
  double ht;
  int nt;
  double eps;  // the example's default
  Settings problem_settings;
};

std::vector<Small> small_cases(const std::string& boundary) {
  auto ps = [&](Settings s) {
    s["n"] = "16";
    s["boundary"] = boundary;
    return s;
  };
  return {
      {"allen-cahn", 1e-3, 1, 0.01, ps({{"T", "0.004"}})},
      {"allen-cahn-mobility", 1e-3, 1, 0.01, ps({{"T", "0.004"}})},
      {"cahn-hilliard", 1e-3, 2, 0.1, ps({{"T", "0.008"}})},
      {"fch6", 1e-3, 1, 0.18, ps({{"T", "0.004"}})},
  };
}

int order_of(const std::string& problem) { return problem == "cahn-hilliard" ? 4 : problem == "fch6" ? 6 : 2; }

// max |6 u mu| over a field (for the FCH bound), mu = eps^2 D u - W'(u).
double c_mu(const wprox::TensorGrid& g, const std::vector<double>& u, double eps) {
  std::vector<double> lap(u.size());
  wprox::laplacian(g, u.data(), lap.data());
  double c = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i)
    c = std::max(c, std::fabs(6 * u[i] * (eps * eps * lap[i] - (u[i] * u[i] * u[i] - u[i]))));
  return c;
}

}  // namespace

TEST_CASE("rd methods: conformance") {
  for (const char* m : kMethods) {
    CAPTURE(m);
    wprox::testing::check_conformance(m, "allen-cahn", {{"h", "1e-3"}}, {{"n", "16"}, {"T", "0.003"}});
    wprox::testing::check_conformance(m, "cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "2"}},
                                      {{"n", "16"}, {"T", "0.004"}, {"boundary", "neumann"}});
  }
}

TEST_CASE("rd methods: the same bits with 1 and 2 threads on grids of several row blocks") {
  // The conformance suite compares thread counts at n = 16, one row block of
  // the models' passes; n = 128 splits every pass into two blocks (and the
  // window's per-row norms and sums among threads).
  for (const char* m : kMethods) {
    for (const char* problem : {"cahn-hilliard", "fch6"}) {
      CAPTURE(m);
      CAPTURE(problem);
      const Settings params{{"h", "1e-3"}, {"steps_per_window", "2"}, {"adaptive", "off"}};
      const Settings prob{{"n", "128"}, {"T", "0.002"}, {"boundary", "neumann"}};
      auto one = wprox::testing::run_method(m, problem, params, prob, 1, 1);
      auto two = wprox::testing::run_method(m, problem, params, prob, 1, 2);
      CHECK(wprox::testing::find_array(one.results(), "u_final").data ==
            wprox::testing::find_array(two.results(), "u_final").data);
    }
  }
}

TEST_CASE("rd methods: PDHG and Newton-Krylov agree on the discrete solution after every step") {
  for (std::string boundary : {"periodic", "neumann"}) {
    for (const Small& c : small_cases(boundary)) {
      CAPTURE(c.problem);
      CAPTURE(boundary);
      const Settings params{{"h", str(c.ht)}, {"steps_per_window", std::to_string(c.nt)}, {"adaptive", "off"}};
      auto a = rdtest::step_all("pdhg-rd", c.problem, params, c.problem_settings);
      auto b = rdtest::step_all("newton-krylov-rd", c.problem, params, c.problem_settings);
      REQUIRE(a.u.size() == b.u.size());
      REQUIRE(a.u.size() == 4);
      const wprox::PdeProblem& p = rdtest::pde(a.outcome.problem);
      rdtest::AgreementBound bound(p.grid(), order_of(c.problem), c.eps);
      for (std::size_t k = 0; k < a.u.size(); ++k) {
        const double ra = a.column(k, "residual"), rb = b.column(k, "residual");
        CHECK(ra < 1e-6);
        CHECK(rb < 1e-6);
        // c_mu bounds |6 u mu| on the segment between the two solutions;
        // twice its value at the computed states covers the segment.
        const double cm = c.problem == "fch6" ? 2 * std::max(c_mu(p.grid(), a.u[k], c.eps),
                                                             c_mu(p.grid(), k ? a.u[k - 1] : p.initial().data, c.eps))
                                              : 0.0;
        REQUIRE(bound.valid(c.ht, cm));
        for (int s = 0; s < c.nt; ++s) bound.step(c.ht, ra, rb, cm);
        const double diff = rdtest::max_abs_diff(a.u[k], b.u[k]);
        CHECK(diff <= bound.max_norm());
        if (k + 1 == a.u.size())
          MESSAGE(c.problem << " " << boundary << ": max |u_pdhg - u_nk| = " << diff << " (bound " << bound.max_norm()
                            << "), iterations pdhg " << a.column(k, "iterations") << ", newton "
                            << b.column(k, "iterations") << " / gmres " << b.column(k, "linear_iterations"));
      }
    }
  }
}

TEST_CASE("rd methods: Cahn-Hilliard conserves mass to round-off") {
  for (std::string boundary : {"periodic", "neumann"}) {
    for (const char* m : kMethods) {
      CAPTURE(m);
      CAPTURE(boundary);
      auto r = rdtest::step_all(m, "cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "2"}},
                                {{"n", "32"}, {"boundary", boundary}, {"T", "0.01"}});
      const wprox::PdeProblem& p = rdtest::pde(r.outcome.problem);
      const double h = p.grid().h();
      double mass0 = 0.0, scale = 0.0;
      for (double x : p.initial().data) {
        mass0 += h * h * x;
        scale += h * h * std::fabs(x);
      }
      double drift = 0.0;
      long iterations = 0;
      for (std::size_t k = 0; k < r.diag.size(); ++k) {
        drift = std::max(drift, std::fabs(r.column(k, "mass") - mass0));
        iterations += long(r.column(k, "iterations"));
        if (r.diag[k].has("linear_iterations")) iterations += long(r.column(k, "linear_iterations"));
      }
      // Every update is mean-free up to the rounding of one mean (and of the
      // sum that measures the mass): ~1e-16 * (h^2 sum |u|) per update, and
      // there are at most (iterations + windows) updates; 1e-15 per update
      // leaves room for the summation order. Allen-Cahn's mass moves by 1e-4
      // over the same time, so this is not vacuous.
      const double allowed = 1e-15 * scale * double(iterations + long(r.diag.size()) + 1);
      MESSAGE(std::string(m) << " " << boundary << ": mass drift " << drift << " (allowed " << allowed << ")");
      CHECK(drift <= allowed);
    }
  }
}

TEST_CASE("rd methods: Allen-Cahn and Cahn-Hilliard energies never increase") {
  struct E {
    std::string problem;
    Settings prob;
    double ht, eps;
  };
  // Steps inside the proven-decay range: ht <= 2 eps (AC), ht <= 8 eps^2 (CH).
  const E cases[] = {
      {"allen-cahn", {{"n", "32"}, {"T", "0.02"}}, 1e-3, 0.01},
      {"cahn-hilliard", {{"n", "32"}, {"T", "0.02"}}, 1e-3, 0.1},
  };
  for (const E& c : cases) {
    for (const char* m : kMethods) {
      CAPTURE(c.problem);
      CAPTURE(m);
      auto r = rdtest::step_all(m, c.problem, {{"h", str(c.ht)}, {"steps_per_window", "1"}}, c.prob);
      const wprox::PdeProblem& p = rdtest::pde(r.outcome.problem);
      const double area = p.grid().length() * p.grid().length();
      std::vector<double> scratch(std::size_t(std::max(1, p.model().scratch_fields())) * p.grid().size());
      double e_prev = p.model().energy(p.initial().data.data(), scratch.data());
      std::vector<double> u_prev = p.initial().data;
      const double gamma =
          c.problem == "allen-cahn" ? 1.0 / (1.0 - c.ht / c.eps) : 1.0 / (1.0 - c.ht / (4 * c.eps * c.eps));
      for (std::size_t k = 0; k < r.diag.size(); ++k) {
        const double e = r.column(k, "energy");
        // The exact step decreases E; the computed one differs from it by at
        // most gamma * ht * residual in u (see agreement_bound.hpp, AC; CH
        // with the same constant applied pointwise as an estimate), which
        // moves E by at most |grad E|_1 times that, and |grad E| ~ |u_k -
        // u_{k-1}| / ht: allowance = 2 area max|du| gamma residual.
        const double du = rdtest::max_abs_diff(r.u[k], u_prev);
        const double allowance = 2 * area * du * gamma * r.column(k, "residual");
        CHECK(e <= e_prev + allowance);
        e_prev = e;
        u_prev = r.u[k];
      }
      CHECK(r.column(r.diag.size() - 1, "energy") < p.model().energy(p.initial().data.data(), scratch.data()));
    }
  }
}

TEST_CASE("rd methods: Neumann solution equals the mirrored periodic one (a known discrete solution)") {
  // The reflecting 5-point stencil on n cell centres is the periodic stencil
  // on 2n points restricted to data that is even about both edges; such data
  // stays even under every pointwise and stencil operation, so the Neumann
  // solution is exactly the restriction of the periodic solution of the
  // mirrored initial field. (Not for the variable mobility: sigma is sampled
  // at different points on the two grids.)
  const std::string dir = std::string(WPROX_TEST_BINARY_DIR) + "/tests/rd/tmp";
  std::filesystem::create_directories(dir);
  struct M {
    std::string problem;
    double ht, length;
    int nt;
    double eps;
  };
  const M cases[] = {
      {"allen-cahn", 1e-3, 0.5, 1, 0.01}, {"cahn-hilliard", 1e-3, 2 * M_PI, 2, 0.1}, {"fch6", 1e-3, 2 * M_PI, 1, 0.18}};
  for (const M& c : cases) {
    CAPTURE(c.problem);
    const int n = 16;
    const Settings neu{{"n", std::to_string(n)}, {"boundary", "neumann"}, {"T", str(3 * c.nt * c.ht)}};
    const Settings params{{"h", str(c.ht)}, {"steps_per_window", std::to_string(c.nt)}, {"tol", "1e-9"}};
    auto a = rdtest::step_all("newton-krylov-rd", c.problem, params, neu);
    const wprox::PdeProblem& pn = rdtest::pde(a.outcome.problem);
    std::vector<double> mirrored(std::size_t(4) * n * n);
    auto src = [&](int i) { return i < n ? i : 2 * n - 1 - i; };
    for (int i = 0; i < 2 * n; ++i)
      for (int j = 0; j < 2 * n; ++j) mirrored[std::size_t(i) * 2 * n + j] = pn.initial()(src(i), src(j));
    const std::string file = dir + "/mirror_" + c.problem + ".npy";
    wprox::write_npy(file, mirrored.data(), {std::size_t(2 * n), std::size_t(2 * n)});
    const Settings per{{"n", std::to_string(2 * n)},
                       {"length", str(2 * c.length)},
                       {"boundary", "periodic"},
                       {"T", str(3 * c.nt * c.ht)},
                       {"init", file}};
    auto b = rdtest::step_all("pdhg-rd", c.problem, params, per);
    const wprox::PdeProblem& pp = rdtest::pde(b.outcome.problem);
    REQUIRE(a.u.size() == b.u.size());
    rdtest::AgreementBound bound(pp.grid(), order_of(c.problem), c.eps);
    for (std::size_t k = 0; k < a.u.size(); ++k) {
      const double cm = c.problem == "fch6" ? 2 * std::max(c_mu(pp.grid(), b.u[k], c.eps),
                                                           c_mu(pp.grid(), k ? b.u[k - 1] : pp.initial().data, c.eps))
                                            : 0.0;
      REQUIRE(bound.valid(c.ht, cm));
      for (int s = 0; s < c.nt; ++s) bound.step(c.ht, a.column(k, "residual"), b.column(k, "residual"), cm);
      double diff = 0.0;
      for (int i = 0; i < 2 * n; ++i)
        for (int j = 0; j < 2 * n; ++j)
          diff =
              std::max(diff, std::fabs(b.u[k][std::size_t(i) * 2 * n + j] - a.u[k][std::size_t(src(i)) * n + src(j)]));
      CHECK(diff <= bound.max_norm());
      if (k + 1 == a.u.size())
        MESSAGE(c.problem << ": max |u_neumann - u_mirrored periodic| = " << diff << " (bound " << bound.max_norm()
                          << ")");
    }
  }
}

TEST_CASE("rd methods: bad input is refused naming the parameter") {
  using wprox::testing::run_method;
  auto refused = [](const std::string& m, const Settings& params, const Settings& prob, const std::string& name) {
    CAPTURE(name);
    try {
      run_method(m, "allen-cahn", params, prob, 1, 0, 0);
      FAIL("accepted bad " << name);
    } catch (const wprox::InputError& e) {
      CHECK(std::string(e.what()).find(name) != std::string::npos);
    }
  };
  const std::string dir = std::string(WPROX_TEST_BINARY_DIR) + "/tests/rd/tmp";
  std::filesystem::create_directories(dir);
  const std::string wrong_shape = dir + "/wrong_shape.npy";
  const std::vector<double> zeros(20, 0.0);
  wprox::write_npy(wrong_shape, zeros.data(), {5, 4});
  for (const char* m : kMethods) {
    refused(m, {}, {{"n", "8"}, {"init", wrong_shape}}, "problem.init");
    refused(m, {}, {{"eps", "0"}}, "eps");
    refused(m, {}, {{"eps", "-0.1"}}, "eps");
    refused(m, {}, {{"n", "3"}}, "n");
    refused(m, {{"h", "0"}}, {{"n", "8"}}, "'h'");
    refused(m, {{"h", "-1e-3"}}, {{"n", "8"}}, "'h'");
    refused(m, {{"steps_per_window", "0"}}, {{"n", "8"}}, "steps_per_window");
    refused(m, {}, {{"boundary", "dirichlet"}}, "boundary");
    refused(m, {}, {{"T", "0.1"}, {"snapshots", "0,0.2"}}, "snapshots");
    refused(m, {}, {{"T", "0"}}, "problem.T");
    refused(m, {}, {{"n", "8"}, {"init", "/nonexistent/u0.npy"}}, "u0.npy");
  }
}

TEST_CASE("rd methods: a window that does not converge is a RunError with its time and residual") {
  for (const char* m : kMethods) {
    CAPTURE(m);
    const Settings params = std::string(m) == "pdhg-rd" ? Settings{{"h", "1e-3"}, {"max_iter", "5"}}
                                                        : Settings{{"h", "1e-3"}, {"max_newton", "1"}};
    try {
      rdtest::step_all(m, "allen-cahn", params, {{"n", "16"}, {"T", "0.01"}});
      FAIL("no RunError");
    } catch (const wprox::RunError& e) {
      const std::string what = e.what();
      CHECK(e.step() == 1);
      CHECK(what.find("t = 0") != std::string::npos);
      CHECK(what.find("residual") != std::string::npos);
    }
  }
}

TEST_CASE("rd methods: adaptive steps recover a failed window by halving") {
  // Allen-Cahn at n = 16 needs about 75, 55, 48 PDHG iterations for its
  // first window at ht = 1e-2 (1.6e-2 clamped to land on t_final = 0.01),
  // 5e-3, 2.5e-3: with a cap of 50 the first two fail and the step is taken
  // at 2.5e-3 after two halvings.
  auto r = rdtest::step_all("pdhg-rd", "allen-cahn",
                            {{"h", "1.6e-2"}, {"adaptive", "on"}, {"max_iter", "50"}, {"quick_iterations", "0"}},
                            {{"n", "16"}, {"T", "0.01"}});
  double retries = 0.0;
  for (const auto& d : r.diag) retries += d.get("retries");
  MESSAGE("adaptive: " << r.diag.size() << " windows, " << retries << " retries, first ht " << r.column(0, "h"));
  CHECK(retries >= 2);
  CHECK(r.column(0, "h") < 1.6e-2);
  CHECK(r.outcome.run->finished());
}

TEST_CASE("rd methods: allen-cahn-mobility's start-up keeps every window near the steady iteration count") {
  // The start lies in the spinodal region, where I - ht J at the example's
  // ht = eps is nearly singular while the preconditioner is built at the pure
  // phases: without the start-up cap the first window took 1963-4179 PDHG
  // iterations at n = 64..256 and failed at n = 32 (the measurement;
  // the case "off" below repeats it at n = 32). With it (ht_first = eps/4
  // until t = 10 eps, then doubling while windows are no harder than the
  // first) the largest window measured 1.1-1.8x the run's median at
  // n = 32..256, adaptive on or off; 3x is the aim that this test holds.
  for (const char* adaptive : {"off", "on"}) {
    CAPTURE(adaptive);
    const auto s =
        rdtest::step_all("pdhg-rd", "allen-cahn-mobility", {{"adaptive", adaptive}}, {{"n", "32"}, {"T", "0.3"}});
    std::vector<double> its;
    for (const auto& d : s.diag)
      if (d.get("iterations") > 0) its.push_back(d.get("iterations"));
    REQUIRE(its.size() > 10);
    const double largest = *std::max_element(its.begin(), its.end());
    std::nth_element(its.begin(), its.begin() + its.size() / 2, its.end());
    CHECK(largest <= 3.0 * its[its.size() / 2]);
  }
  // Without the start-up the first window at n = 32 does not converge within
  // max_iter: the case the rule exists for.
  CHECK_THROWS_AS(rdtest::step_all("pdhg-rd", "allen-cahn-mobility",
                                   {{"adaptive", "off"}, {"h_first", "0.01"}, {"startup_time", "0"}},
                                   {{"n", "32"}, {"T", "0.05"}}),
                  wprox::RunError);
}
