#include <wprox/conformance.hpp>

#include <cmath>
#include <set>

#include <wprox/parallel.hpp>

namespace wprox::conformance {

namespace {

// A value just outside a spec's range, or "" when the range is unbounded.
std::string out_of_range_text(const ParamSpec& s) {
  if (std::isfinite(s.range.lo))
    return std::to_string(s.range.lo - (s.type == ParamType::Int ? 1.0 : 1e-3 + std::fabs(s.range.lo)));
  if (std::isfinite(s.range.hi)) return std::to_string(s.range.hi + 1.0 + std::fabs(s.range.hi));
  return "";
}

}  // namespace

Registry& default_registry() {
  static Registry* reg = [] {
    auto* r = new Registry();  // lives for the whole process: plugins stay loaded
    r->load_default_path();
    REQUIRE_MESSAGE(r->all_loaded(), r->first_failure());
    return r;
  }();
  return *reg;
}

Outcome run_method(Registry& reg, const std::string& method, const std::string& problem, const Settings& params,
                   const Settings& problem_params, std::uint64_t seed, int threads, long steps) {
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
  // A divergence is the caller's business, but it must not pass unnoticed.
  if (out.outcome.status == RunOutcome::Status::Diverged) MESSAGE("run diverged: " << out.outcome.error);
  return out;
}

void check_method(Registry& reg, const std::string& method, const std::string& problem, const Settings& params,
                  const Settings& problem_params) {
  const MethodInfo& m = reg.method(method);
  INFO("conformance of method '" << method << "' on problem '" << problem << "'");

  CHECK_FALSE(m.summary.empty());
  CHECK(reg.has_problem(m.default_problem));
  std::set<std::string> names;
  for (const auto& s : m.schema.specs()) {
    CHECK_MESSAGE(names.insert(s.name).second, "duplicate parameter " << s.name);
    CHECK_MESSAGE(!s.doc.empty(), "parameter " << s.name << " has no doc");
  }
  CHECK_NOTHROW(m.schema.resolve({}, method));

  try {
    m.schema.resolve({{"no_such_parameter", "1"}}, method);
    FAIL("an unknown parameter was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("no_such_parameter") != std::string::npos);
  }
  // A deprecated name resolves to its parameter with one notice; giving
  // both names is refused.
  for (const auto& s : m.schema.specs())
    for (const auto& a : s.aliases) {
      CHECK_MESSAGE(!m.schema.find(a), "alias " << a << " is also a parameter");
      if (s.default_text.empty()) continue;
      const Params p = m.schema.resolve({{a, s.default_text}}, method);
      CHECK(p.given(s.name));
      CHECK(p.values().at(s.name).text == s.default_text);
      CHECK(p.deprecations().size() == 1);
      CHECK_THROWS_AS(m.schema.resolve({{a, s.default_text}, {s.name, s.default_text}}, method), InputError);
    }
  for (const auto& s : m.schema.specs()) {
    if (s.type != ParamType::Int && s.type != ParamType::Real) continue;
    const std::string bad = out_of_range_text(s);
    if (bad.empty()) continue;
    try {
      m.schema.resolve({{s.name, bad}}, method);
      FAIL("parameter " << s.name << " accepted out-of-range value " << bad);
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(s.name) != std::string::npos);
    }
    try {
      m.schema.resolve({{s.name, "not-a-number"}}, method);
      FAIL("parameter " << s.name << " accepted a non-number");
    } catch (const InputError&) {
    }
  }

  Outcome a = run_method(reg, method, problem, params, problem_params, 11, 1);
  Outcome b = run_method(reg, method, problem, params, problem_params, 11, 2);
  REQUIRE(a.run->steps_done() == b.run->steps_done());
  const Results ra = a.run->results(), rb = b.run->results();
  REQUIRE(ra.arrays.size() == rb.arrays.size());
  REQUIRE_FALSE(ra.arrays.empty());
  for (std::size_t i = 0; i < ra.arrays.size(); ++i) {
    CHECK(ra.arrays[i].name == rb.arrays[i].name);
    CHECK(ra.arrays[i].shape == rb.arrays[i].shape);
    CHECK_MESSAGE(ra.arrays[i].data == rb.arrays[i].data,
                  "array " << ra.arrays[i].name << " differs between 1 and 2 threads");
  }
  for (const auto& arr : ra.arrays)
    for (double v : arr.data) REQUIRE(std::isfinite(v));
}

}  // namespace wprox::conformance
