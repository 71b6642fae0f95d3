#pragma once
// Helpers shared by the reaction–diffusion tests: problems and runs through
// the registry (exactly as the CLI makes them), stepping a run while keeping
// u after every step, and norms.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <wprox/kinds/pde.hpp>

#include "testing.hpp"

namespace rdtest {

using wprox::testing::Settings;

inline std::shared_ptr<const wprox::Problem> make_problem(const std::string& name, const Settings& given) {
  const wprox::ProblemInfo& info = wprox::testing::registry().problem(name);
  const wprox::Params p = info.schema.resolve(given, "problem '" + name + "'", "problem.");
  return info.create(p, wprox::RunContext{});
}

inline const wprox::PdeProblem& pde(const std::shared_ptr<const wprox::Problem>& p) {
  return wprox::problem_as<wprox::PdeProblem>(*p);
}

// A run stepped to the end, with u and the diagnostics after every step.
struct Stepped {
  wprox::testing::Outcome outcome;
  std::vector<std::vector<double>> u;  // u[k] after step k+1
  std::vector<wprox::Diagnostics> diag;
  double column(std::size_t k, const std::string& name) const { return diag[k].get(name); }
};

inline Stepped step_all(const std::string& method, const std::string& problem, const Settings& params,
                        const Settings& problem_params, long max_steps = 100000) {
  Stepped s{wprox::testing::run_method(method, problem, params, problem_params, 1, 0, 0), {}, {}};
  for (long k = 0; k < max_steps && !s.outcome.run->finished(); ++k) {
    wprox::Diagnostics d;
    s.outcome.run->step(d);
    s.diag.push_back(d);
    s.u.push_back(wprox::testing::find_array(s.outcome.results(), "u_final").data);
  }
  return s;
}

inline double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

inline double max_abs(const std::vector<double>& a) {
  double m = 0.0;
  for (double x : a) m = std::max(m, std::fabs(x));
  return m;
}

// Deterministic test data in (-1, 1) (no RNG needed for these checks).
inline std::vector<double> wiggly(long size, double phase) {
  std::vector<double> v(size);
  for (long i = 0; i < size; ++i) v[i] = std::sin(0.7 * i + phase) * std::cos(0.013 * i * i + 2 * phase);
  return v;
}

inline std::string str(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace rdtest
