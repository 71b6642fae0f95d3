#pragma once
// Running an hj method to the end from a bench, and the relative l1 error
// of a run against a finer one on the nested space-time grid.
#include <map>
#include <string>
#include <vector>

#include <wprox/sdk.hpp>

namespace wprox::bench_hj {

using Settings = std::map<std::string, std::string>;

struct Outcome {
  std::string method;
  std::vector<double> phi;  // nt levels of nx^dim values
  double seconds = 0;       // best of the repeats
  double mean_iterations = 0;
  int nx = 0, nt = 0, dim = 1;
};

// params holds nx and time_levels (and the method's own); problem_params the
// problem's (dim among them, 1 if absent).
Outcome run(Registry& reg, const std::string& method, const std::string& problem, Settings params,
            const Settings& problem_params, int repeats);

// sum |c - f| / sum |f| over c's space-time nodes (periodic axes).
double rel_l1(const Outcome& c, const Outcome& f);

}  // namespace wprox::bench_hj
