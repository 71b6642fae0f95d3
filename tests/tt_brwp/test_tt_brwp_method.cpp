// The tt-brwp method through the registry, exactly as the CLI runs it:
// conformance, outputs, bad input, and failures naming the step.
#include <cmath>

#include "tt_brwp_test_support.hpp"

using namespace wprox;
using wprox::testing::run_method;

TEST_CASE("tt-brwp passes the conformance suite") {
  testing::check_conformance("tt-brwp", "gaussian", {{"particles", "40"}, {"steps", "3"}, {"grid", "16"}});
  testing::check_conformance("tt-brwp", "bimodal", {{"particles", "60"}, {"steps", "2"}, {"grid", "24"}});
}

TEST_CASE("tt-brwp: T defaults to h; the trace has ranks, evaluations and the TTs' error") {
  const testing::Settings s{{"particles", "50"}, {"steps", "3"}, {"h", "0.2"}, {"grid", "16"}};
  auto a = run_method("tt-brwp", "gaussian", s);
  testing::Settings st = s;
  st["T"] = "0.2";
  auto b = run_method("tt-brwp", "gaussian", st);
  CHECK(testing::find_array(a.results(), "particles").data == testing::find_array(b.results(), "particles").data);
  REQUIRE(a.trace.size() == 3);
  for (const char* name : {"rank_E", "rank_W", "evaluations", "tt_error", "regrid", "clipped"})
    CHECK_NOTHROW(a.trace[0].get(name));
  CHECK(a.trace[0].get("regrid") == 1.0);   // the first step builds the grid
  CHECK(a.trace[0].get("evaluations") > 0);
  CHECK(a.trace[0].get("tt_error") <= 1e-6);
}

TEST_CASE("tt-brwp writes the TT cores with the grid, the marginals and the 2-D density") {
  const auto o = run_method("tt-brwp", "bimodal", {{"particles", "200"}, {"steps", "3"}, {"grid", "32"}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Done);
  const Results r = o.results();
  const Array& core0 = testing::find_array(r, "tt_density/core_0");
  const Array& core1 = testing::find_array(r, "tt_density/core_1");
  REQUIRE(core0.shape.size() == 3);
  CHECK(core0.shape[0] == 1);
  CHECK(core0.shape[1] == 32);
  CHECK(core0.shape[2] == core1.shape[0]);
  CHECK(core1.shape[2] == 1);
  CHECK(testing::find_array(r, "tt_density/nodes_1").shape[0] == 32);
  // The cores reproduce a normalized density: Σ_ij w_i w_j G0[i,:] G1[:,j] = 1.
  const Array& w0 = testing::find_array(r, "tt_density/weights_0");
  const Array& w1 = testing::find_array(r, "tt_density/weights_1");
  const std::size_t rr = core0.shape[2];
  double mass = 0;
  for (std::size_t i = 0; i < 32; ++i)
    for (std::size_t j = 0; j < 32; ++j) {
      double v = 0;
      for (std::size_t a = 0; a < rr; ++a) v += core0.data[i * rr + a] * core1.data[a * 32 + j];
      mass += w0.data[i] * w1.data[j] * v;
    }
  CHECK(mass == doctest::Approx(1.0).epsilon(1e-10));
  bool marginal = false, density = false;
  for (const Picture& p : r.pictures) {
    marginal = marginal || p.name == "marginal_0";
    density = density || p.name == "density";
  }
  CHECK(marginal);
  CHECK(density);
}

namespace {

std::string input_error(const testing::Settings& settings, const testing::Settings& problem = {}) {
  try {
    run_method("tt-brwp", "gaussian", settings, problem, 1, 0, 1);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("tt-brwp: bad input is refused naming what is wrong") {
  for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"grid", "3"}, {"max_rank", "0"}, {"h", "0"}, {"T", "-1"}, {"cross_tol", "0"}, {"bandwidth", "0"},
           {"bandwidth", "1.5"}, {"domain", "1,-1"}}) {
    CAPTURE(key);
    CAPTURE(value);
    CHECK(input_error({{key, value}}).find(key) != std::string::npos);
  }
  // A domain that excludes the (standard normal) particles.
  const std::string excl = input_error({{"domain", "0.5,6"}});
  CHECK(excl.find("domain excludes the initial particles") != std::string::npos);
  // A domain with the wrong number of rows.
  CHECK(input_error({{"domain", "-6,6;-6,6;-6,6"}}).find("rows") != std::string::npos);
  // Fewer particles than dimensions + 1.
  CHECK(input_error({{"particles", "5"}}, {{"dim", "8"}}).find("particles") != std::string::npos);
  // A dimension the grid does not allow in memory: 4096 nodes, rank 1024
  // in 64-D needs terabytes.
  const std::string mem = input_error({{"grid", "4096"}, {"max_rank", "1024"}}, {{"dim", "64"}});
  CHECK(mem.find("memory_gb") != std::string::npos);
}

TEST_CASE("tt-brwp: a ratio that cannot reach cross_tol within max_rank is a RunError naming step and tolerance") {
  const auto o = run_method("tt-brwp", "gaussian", {{"particles", "100"}, {"steps", "5"}, {"max_rank", "2"}},
                            {{"precision", "1.25,0.35;0.35,1.25"}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Diverged);
  MESSAGE(o.outcome.error);
  CHECK(o.outcome.error_step == 1);
  CHECK(o.outcome.error.find("step 1: ") == 0);
  CHECK(o.outcome.error.find("cross_tol = 1e-06") != std::string::npos);
  CHECK(o.outcome.error.find("reached") != std::string::npos);
}

