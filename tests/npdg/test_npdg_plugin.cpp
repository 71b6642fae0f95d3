// The npdg plugin through the registry: the conformance suite for its three
// methods, the problems' parameter checks, the outputs of a run (errors in
// the trace and the summary, the saved network and its reload) and a strict
// MINRES failure.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include <wprox/io/npy.hpp>

#include "testing.hpp"

using namespace wprox;
using testing::Settings;

namespace {

const Settings kCommon{{"iterations", "3"},     {"width", "8"},        {"interior_points", "64"},
                       {"boundary_points", "32"}, {"error_points", "64"}};

Settings with_test_network(Settings s) {
  s["test_width"] = "8";
  return s;
}

const Settings kDim3{{"dim", "3"}};

}  // namespace

TEST_CASE("npdg, pinn-adam and wan pass the method conformance suite") {
  testing::check_conformance("npdg", "elliptic-nd", with_test_network(kCommon), kDim3);
  testing::check_conformance("pinn-adam", "semilinear-nd", kCommon, kDim3);
  testing::check_conformance("wan", "elliptic-nd", with_test_network(kCommon), kDim3);
}

TEST_CASE("elliptic problems refuse parameters out of range, naming them") {
  Registry& reg = testing::registry();
  const auto refuses = [&](const std::string& problem, const Settings& s, const std::string& name) {
    const ProblemInfo& p = reg.problem(problem);
    CHECK(p.kind == "elliptic");
    try {
      p.create(p.schema.resolve(s, "problem '" + problem + "'", "problem."), RunContext{});
      FAIL("accepted " << name);
    } catch (const InputError& e) {
      CHECK_MESSAGE(std::string(e.what()).find(name) != std::string::npos, e.what());
    }
  };
  refuses("elliptic-nd", {{"dim", "0"}}, "problem.dim");
  refuses("elliptic-nd", {{"dim", "51"}}, "problem.dim");
  refuses("semilinear-nd", {{"reaction", "-1"}}, "problem.reaction");
  // a0 - |a1| <= 0: a(x) would reach zero or below somewhere in the cube.
  refuses("elliptic-nd", {{"coefficient_mean", "0.5"}}, "coefficient_mean a0 = 0.5");
  refuses("elliptic-nd", {{"coefficient_amplitude", "-2"}}, "must stay positive");
  // The largest dimension is accepted.
  const ProblemInfo& p = reg.problem("elliptic-nd");
  CHECK_NOTHROW(p.create(p.schema.resolve({{"dim", "50"}}, "problem", "problem."), RunContext{}));
}

TEST_CASE("an npdg run traces and summarizes its errors and saves a network that reloads exactly") {
  const Settings s = with_test_network(kCommon);
  auto o = testing::run_method("npdg", "elliptic-nd", s, kDim3);
  REQUIRE(o.outcome.status == RunOutcome::Status::Done);
  REQUIRE(o.trace.size() == 3);
  for (const Diagnostics& d : o.trace) {
    CHECK(d.items().at(0).first == "rel_l2");
    CHECK(d.items().at(1).first == "rel_h1");
    // Relative errors of a network near its initialization: positive and of
    // order one (u* has unit-size relative norm; a fresh network is far off).
    CHECK(d.get("rel_l2") > 0.0);
    CHECK(d.get("rel_l2") < 10.0);
  }
  const Diagnostics m = o.metrics();
  CHECK(m.get("rel_l2") == doctest::Approx(o.trace.back().get("rel_l2")).epsilon(1e-12));
  CHECK(m.get("rel_h1") == doctest::Approx(o.trace.back().get("rel_h1")).epsilon(1e-12));
  CHECK(m.get("dim") == 3);
  CHECK(o.run->headline() == "rel_l2");

  const Results r = o.results();
  const Array& theta = testing::find_array(r, "u_parameters");
  // 3 -> 8 -> 8 -> 1: (3 + 1) 8 + (8 + 1) 8 + (8 + 1) = 113 parameters.
  CHECK(theta.data.size() == 113);
  CHECK(m.get("parameters") == 113);
  const Array& slice = testing::find_array(r, "slice");
  CHECK(slice.shape == std::vector<std::size_t>{41, 41});
  CHECK(testing::find_array(r, "slice_exact").shape == slice.shape);
  int pictures = 0;
  for (const Picture& p : r.pictures)
    pictures += p.name == "u_slice" || p.name == "error_slice" || p.name == "errors" || p.name == "errors_time";
  CHECK(pictures == 4);

  // Reload: a run started from the saved parameters, before any step, has
  // the same network (the same slice, bit for bit, and the same errors).
  // A private folder from mkdtemp (tmpnam's name could be taken by another
  // process before the file is written).
  char dir[] = "/tmp/wprox_npdg_XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  const std::string file = std::string(dir) + "/u_parameters.npy";
  write_npy(file, theta.data.data(), theta.shape);
  Settings re = s;
  re["init"] = file;
  auto o2 = testing::run_method("npdg", "elliptic-nd", re, kDim3, 1, 0, 0);
  const Results r2 = o2.results();
  CHECK(testing::find_array(r2, "slice").data == slice.data);
  CHECK(o2.metrics().get("rel_l2") == m.get("rel_l2"));

  // A file for another architecture is refused, naming both sizes.
  re["width"] = "16";
  try {
    testing::run_method("npdg", "elliptic-nd", re, kDim3, 1, 0, 0);
    FAIL("accepted a parameter file of the wrong size");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("has 113 parameters but the solution network (width 16") != std::string::npos);
  }
  std::remove(file.c_str());
  rmdir(dir);
}

TEST_CASE("with strict_minres a Gram solve that misses its tolerance stops the run with the residual reached") {
  Settings s = with_test_network(kCommon);
  s["strict_minres"] = "true";
  s["minres_max_iter"] = "1";
  s["minres_tol"] = "1e-12";
  auto o = testing::run_method("npdg", "elliptic-nd", s, kDim3);
  REQUIRE(o.outcome.status == RunOutcome::Status::Diverged);
  CHECK(o.outcome.error_step == 1);
  CHECK(o.outcome.error.find("stopped at relative residual") != std::string::npos);
  CHECK(o.outcome.error.find("after 1 iterations") != std::string::npos);
}
