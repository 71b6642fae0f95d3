#pragma once
// Helpers for the hj method tests: run a method to the end and compare two
// space-time solutions on the coarser one's grid.
#include <cmath>
#include <string>
#include <vector>

#include "grid_compare.hpp"
#include "testing.hpp"

namespace wprox::hj_test {

struct Solution {
  int nx = 0, nt = 0;
  std::vector<double> phi;  // (nt, nx) 1-D only
  testing::Outcome outcome;
};

inline Solution solve(const std::string& method, const std::string& problem, int nx, int nt,
                      testing::Settings extra = {}, const testing::Settings& problem_params = {}) {
  extra["nx"] = std::to_string(nx);
  extra["time_levels"] = std::to_string(nt);
  Solution s;
  s.nx = nx;
  s.nt = nt;
  s.outcome = testing::run_method(method, problem, extra, problem_params);
  s.phi = testing::find_array(s.outcome.results(), "phi").data;
  return s;
}

// Relative l1 distance over the space-time grid of `coarse` (1-D periodic
// grids): the fine grid must contain every coarse node (nx and nt - 1 multiples).
inline double rel_l1(const Solution& coarse, const Solution& fine) {
  using K = NestedAxis::Kind;
  return relative_l1_nested(coarse.phi.data(), fine.phi.data(),
                            {{K::Endpoints, coarse.nt, fine.nt}, {K::PeriodicNodes, coarse.nx, fine.nx}});
}

inline double metric(const Solution& s, const std::string& name) { return s.outcome.metrics().get(name); }

}  // namespace wprox::hj_test
