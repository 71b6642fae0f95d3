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
  Outcome out;
  static_cast<conformance::Outcome&>(out) =
      conformance::run_method(registry(), method, problem, params, problem_params, seed, threads, steps);
  return out;
}

void check_conformance(const std::string& method, const std::string& problem, const Settings& params,
                       const Settings& problem_params) {
  conformance::check_method(registry(), method, problem, params, problem_params);
}

const Array& find_array(const Results& r, const std::string& name) {
  for (const auto& a : r.arrays)
    if (a.name == name) return a;
  FAIL("no array named '" << name << "' in the results");
  throw std::logic_error("unreachable");
}

}  // namespace wprox::testing
