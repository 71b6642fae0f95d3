#pragma once
// The method conformance suite, shipped with the SDK: the checks every
// method plugin passes, in tree and out of tree alike (one CMake call,
// wprox_add_conformance_test(), builds and registers them):
//   - schema sanity: a summary, a default problem that exists, unique
//     parameter names, a doc for each, defaults that validate;
//   - refusal, naming the parameter, of an unknown parameter, of a value
//     just outside each numeric range and of a non-number;
//   - the run contract: same seed => the same arrays, bit for bit, with 1
//     and 2 threads; at least one array; nothing non-finite.
// The checks are doctest assertions: call check_method() inside a TEST_CASE.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <wprox/run_loop.hpp>
#include <wprox/sdk.hpp>

namespace wprox::conformance {

using Settings = std::map<std::string, std::string>;

// Plugins from the default search path (WPROX_PLUGIN_PATH, then next to
// libwprox), loaded once per process; every file must load.
Registry& default_registry();

// A run driven as the CLI drives it: the problem and the run created from
// textual settings, `steps` steps (-1: to the end) through the engine's
// RunLoop with at most `threads` TBB threads (0: default).
struct Outcome {
  std::shared_ptr<const Problem> problem;
  std::unique_ptr<Run> run;
  std::vector<Diagnostics> trace;  // one entry per step taken
  RunOutcome outcome;
};
Outcome run_method(Registry& reg, const std::string& method, const std::string& problem, const Settings& params,
                   const Settings& problem_params = {}, std::uint64_t seed = 1, int threads = 0, long steps = -1);

// `params`/`problem_params` should make the run small (a few steps).
void check_method(Registry& reg, const std::string& method, const std::string& problem, const Settings& params,
                  const Settings& problem_params = {});

}  // namespace wprox::conformance
