#include <cmath>
#include <set>

#include "testing.hpp"

namespace wprox::testing {

namespace {

// A value just outside a spec's range, or "" when the range is unbounded.
std::string out_of_range_text(const ParamSpec& s) {
  if (std::isfinite(s.range.lo))
    return std::to_string(s.range.lo - (s.type == ParamType::Int ? 1.0 : 1e-3 + std::fabs(s.range.lo)));
  if (std::isfinite(s.range.hi)) return std::to_string(s.range.hi + 1.0 + std::fabs(s.range.hi));
  return "";
}

}  // namespace

void check_conformance(const std::string& method, const std::string& problem, const Settings& params,
                       const Settings& problem_params) {
  Registry& reg = registry();
  const MethodInfo& m = reg.method(method);
  INFO("conformance of method '" << method << "' on problem '" << problem << "'");

  // Schema sanity: unique names, a doc for each, defaults that validate.
  CHECK_FALSE(m.summary.empty());
  CHECK(reg.has_problem(m.default_problem));
  std::set<std::string> names;
  for (const auto& s : m.schema.specs()) {
    CHECK_MESSAGE(names.insert(s.name).second, "duplicate parameter " << s.name);
    CHECK_MESSAGE(!s.doc.empty(), "parameter " << s.name << " has no doc");
  }
  CHECK_NOTHROW(m.schema.resolve({}, method));

  // Refusal of an unknown parameter and of out-of-range values, by name.
  try {
    m.schema.resolve({{"no_such_parameter", "1"}}, method);
    FAIL("an unknown parameter was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("no_such_parameter") != std::string::npos);
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

  // Same seed => identical results, bit for bit, with 1 and 2 threads.
  Outcome a = run_method(method, problem, params, problem_params, 11, 1);
  Outcome b = run_method(method, problem, params, problem_params, 11, 2);
  REQUIRE(a.run->steps_done() == b.run->steps_done());
  const Results ra = a.results(), rb = b.results();
  REQUIRE(ra.arrays.size() == rb.arrays.size());
  REQUIRE_FALSE(ra.arrays.empty());
  for (std::size_t i = 0; i < ra.arrays.size(); ++i) {
    CHECK(ra.arrays[i].name == rb.arrays[i].name);
    CHECK(ra.arrays[i].shape == rb.arrays[i].shape);
    CHECK_MESSAGE(ra.arrays[i].data == rb.arrays[i].data,
                  "array " << ra.arrays[i].name << " differs between 1 and 2 threads");
  }
  // Nothing may be non-finite.
  for (const auto& arr : ra.arrays)
    for (double v : arr.data) REQUIRE(std::isfinite(v));
}

}  // namespace wprox::testing
