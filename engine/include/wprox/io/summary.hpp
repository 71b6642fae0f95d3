#pragma once
// summary.json: what ran, with which parameters as used, and how it went.
// Hosts fill SummaryData after a run; numbers that are not finite are
// written as null (JSON has no NaN).
#include <string>
#include <vector>

#include "wprox/diagnostics.hpp"
#include "wprox/params.hpp"

namespace wprox {

struct SummaryData {
  std::string method, problem, status, error;
  const Params* method_params = nullptr;
  const Params* problem_params = nullptr;
  unsigned long long seed = 0;
  int threads = 0;
  long steps = 0;
  double wall_seconds = 0;
  Diagnostics metrics;
  std::vector<std::string> files;
  long failed_step = -1;              // diverged: the step that failed (0: set-up or finish)
  long resumed_from = -1;             // a resumed run: the step of its checkpoint
  std::vector<std::string> notes;     // warnings a reader should see (a NaN headline metric, ...)
};

void write_summary(const std::string& path, const SummaryData& s);

}  // namespace wprox
