#pragma once
// Time to a given error, implicit against explicit: every method runs on
// its own ladder of grids, each run's error is measured against one finer
// explicit reference, and for each target error the fastest run of each
// method that reaches it is what counts (each method at its best grid).
#include <string>
#include <vector>

#include "hj_runs.hpp"

namespace wprox::bench_hj {

struct Entry {
  std::string method;
  Settings params;  // nx, nt and the method's own
};

struct Contest {
  std::string title, problem;
  Settings problem_params;
  Settings reference;  // explicit-hj's nx, nt (substeps automatic)
  std::vector<Entry> entries;
  std::vector<double> targets;
  int repeats = 1;
};

// Prints one line per run (method, grid, error, seconds, iterations) and
// per target the fastest run of each method and the time ratio
// pdhg-hj / explicit-hj (below 1: the implicit method wins).
void run_contest(Registry& reg, const Contest& c);

}  // namespace wprox::bench_hj
