// The mfc plugin through the registry: the conformance suite for both
// methods, the problems' parameter checks, and the results a host writes.
#include <cmath>

#include "testing.hpp"

using namespace wprox;
using testing::Settings;

namespace {

const Settings kSmall{{"particles", "64"}, {"time_steps", "4"}, {"outer_iterations", "2"}, {"fit_iterations", "10"},
                      {"batch", "32"},     {"width", "8"},      {"error_points", "16"},    {"error_times", "2"}};

}  // namespace

TEST_CASE("mfc-score and mfc-bsde pass the method conformance suite") {
  testing::check_conformance("mfc-score", "mfc-lq", kSmall, {{"dim", "1"}});
  Settings flow = kSmall;
  flow["score"] = "flow";
  testing::check_conformance("mfc-score", "mfc-entropy", flow);
  testing::check_conformance("mfc-bsde", "mfc-lq", kSmall);
}

TEST_CASE("mfc problems refuse parameters out of range, naming them") {
  Registry& reg = testing::registry();
  const auto refuses = [&](const std::string& problem, const Settings& s, const std::string& name) {
    const ProblemInfo& p = reg.problem(problem);
    try {
      p.create(p.schema.resolve(s, "problem '" + problem + "'", "problem."), RunContext{});
      FAIL("accepted " << name);
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(name) != std::string::npos);
    }
  };
  refuses("mfc-lq", {{"visc", "-1"}}, "problem.visc");
  refuses("mfc-lq", {{"T", "0"}}, "problem.T");
  refuses("mfc-lq", {{"s0", "0"}}, "problem.s0");
  refuses("mfc-lq", {{"dim", "11"}}, "problem.dim");
  refuses("mfc-entropy", {{"c", "0"}}, "problem.c");
  // A terminal cost so negative that p(t) blows up before t = 0: the
  // two-point problem has no solution, which the problem says.
  refuses("mfc-lq", {{"b", "-5"}}, "b");
}

TEST_CASE("an mfc run reports its errors against the closed form and writes phi on the (t, x) grid") {
  auto o = testing::run_method("mfc-score", "mfc-lq", kSmall, {{"dim", "1"}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Done);
  const Diagnostics m = o.metrics();
  CHECK(m.has("err_phi"));
  CHECK(m.get("p0_exact") == doctest::Approx(0.9136709340).epsilon(1e-9));
  CHECK(m.get("sT_exact") == doctest::Approx(1.2573142201).epsilon(1e-9));
  const Results r = o.results();
  const Array& phi = testing::find_array(r, "phi");
  REQUIRE(phi.shape.size() == 2);
  CHECK(phi.shape[0] == testing::find_array(r, "t").shape[0]);
  CHECK(phi.shape[1] == testing::find_array(r, "x").shape[0]);
  CHECK(testing::find_array(r, "phi_exact").shape == phi.shape);
  CHECK(o.run->headline() == "err_phi");
  bool has_traj = false;
  for (const auto& t : r.tables) has_traj = has_traj || t.name == "trajectories";
  CHECK(has_traj);
}
