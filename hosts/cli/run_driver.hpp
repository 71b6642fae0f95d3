#pragma once
// Drives one run: validates everything before touching the output folder,
// steps the Run with progress and a trace, writes results and summary.json.
#include <cstdint>
#include <string>
#include <vector>

#include "settings.hpp"
#include "wprox/registry.hpp"

namespace wprox::cli {

struct RunRequest {
  std::string method;
  std::string problem;  // empty: the config's, else the method's default
  Settings settings;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string out;  // empty: write nothing
  bool progress = true;
};

struct RunReport {
  int exit_code = 0;  // 0 done, 3 diverged
  std::string error;
  std::vector<Diagnostics> trace;
  Diagnostics metrics;
  long steps = 0;
  double wall_seconds = 0;
  std::string headline;  // the run's headline diagnostic (may be empty)
};

// Throws InputError for anything wrong with the request (exit 2).
RunReport execute(Registry& reg, const RunRequest& req);

// Creates `dir` (and parents) and checks it can be written; InputError if not.
void prepare_output_dir(const std::string& dir);

}  // namespace wprox::cli
