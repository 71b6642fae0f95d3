#pragma once
// Helpers for wprox tests: the build tree's plugin registry, running a
// method to completion in-process, and statistics helpers for deriving
// tolerances.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <wprox/conformance.hpp>
#include <wprox/run_loop.hpp>
#include <wprox/sdk.hpp>

namespace wprox::testing {

using Settings = std::map<std::string, std::string>;

// A registry with every plugin of the build tree loaded (once per process).
Registry& registry();

// A finished (or partly finished) run together with the problem it uses.
struct Outcome : conformance::Outcome {
  Results results() const { return run->results(); }
  Diagnostics metrics() const {
    Diagnostics d;
    run->metrics(d);
    return d;
  }
};

// Creates the problem and the run from textual settings (exactly as the CLI
// would) and drives it with the engine's RunLoop for `steps` steps (-1: until
// finished; the finish stage runs either way) with at most `threads` TBB
// threads (0: default).
Outcome run_method(const std::string& method, const std::string& problem, const Settings& params,
                   const Settings& problem_params = {}, std::uint64_t seed = 1, int threads = 0, long steps = -1);

// The array called `name` in r; fails the test if absent.
const Array& find_array(const Results& r, const std::string& name);

// The SDK's method conformance suite (wprox/conformance.hpp) on the build
// tree's plugins. `params`/`problem_params` should make the run small.
void check_conformance(const std::string& method, const std::string& problem, const Settings& params,
                       const Settings& problem_params = {});

}  // namespace wprox::testing
