#include "testing.hpp"

#include <cstdlib>

namespace wprox::testing {

Registry& registry() {
  static Registry* reg = [] {
    auto* r = new Registry();  // lives for the whole process: plugins stay loaded
    r->load_directory(WPROX_TEST_PLUGIN_DIR);
    REQUIRE_MESSAGE(r->all_loaded(), r->first_failure());
    return r;
  }();
  return *reg;
}

Outcome run_method(const std::string& method, const std::string& problem, const Settings& params,
                   const Settings& problem_params, std::uint64_t seed, int threads, long steps) {
  Registry& reg = registry();
  const MethodInfo& m = reg.method(method);
  const ProblemInfo& p = reg.problem(problem.empty() ? m.default_problem : problem);
  check_problem_kind(m, p, reg.problem_names(m.problem_kind));
  const Params mp = m.schema.resolve(params, "method '" + method + "'");
  const Params pp = p.schema.resolve(problem_params, "problem '" + p.name + "'", "problem.");
  RunContext ctx{seed, threads};
  Outcome out;
  out.problem = p.create(pp, ctx);
  with_threads(threads, [&] {
    out.run = m.start(*out.problem, mp, ctx);
    RunLoop loop;
    loop.max_steps(steps).on_step([&](const StepEvent& e) { out.trace.push_back(e.diagnostics); });
    out.outcome = loop.run(*out.run);
  });
  // A divergence is the test's business, but it must not pass unnoticed.
  if (out.outcome.status == RunOutcome::Status::Diverged) MESSAGE("run diverged: " << out.outcome.error);
  return out;
}

const Array& find_array(const Results& r, const std::string& name) {
  for (const auto& a : r.arrays)
    if (a.name == name) return a;
  FAIL("no array named '" << name << "' in the results");
  throw std::logic_error("unreachable");
}

}  // namespace wprox::testing
