#pragma once
// summary.json: what ran, with which parameters as used, and how it went.
// Hosts fill SummaryData after a run; numbers that are not finite are
// written as null (JSON has no NaN). The engine's version is added here.
//
// Metrics named NAME[i] for i = 0..n-1 are written as one array "NAME": [..],
// and NAME[i][j] over a full rows x cols block as "NAME": [[..], ..]; any
// other name (or an incomplete block) stays a scalar key.
#include <string>
#include <utility>
#include <vector>

#include "wprox/diagnostics.hpp"
#include "wprox/params.hpp"

namespace wprox {

struct SummaryData {
  std::string method, problem, status, error;
  const Params* method_params = nullptr;
  const Params* problem_params = nullptr;
  unsigned long long seed = 0;
  int threads = 0;                    // the worker threads used (resolved, never 0)
  int threads_requested = -1;         // --threads as given (0: all cores); -1: not recorded
  std::string command_line;           // as typed, when a command line started the run
  std::vector<std::pair<std::string, std::string>> plugins;  // (name, version) of the plugins used
  long steps = 0;
  double wall_seconds = 0;
  Diagnostics metrics;
  std::vector<std::string> files;
  long failed_step = -1;              // diverged: the step that failed (0: set-up or finish)
  long resumed_from = -1;             // a resumed run: the step of its checkpoint
  std::vector<std::string> notes;     // warnings a reader should see (a NaN headline metric, ...)
};

void write_summary(const std::string& path, const SummaryData& s);

// The metrics as a JSON object text, grouped into arrays as above (for hosts
// writing their own summaries, such as wprox compare).
std::string metrics_json(const Diagnostics& metrics);

}  // namespace wprox
