#pragma once
// Drives one run: validates everything before touching the output folder,
// steps the Run through the engine's RunLoop with progress and a trace, and
// writes results, summary.json and checkpoints (see output_folder.hpp for
// where files go).
//
// Outcomes and exit codes: done 0; diverged 3 (the last state, the trace and
// a summary saying where and why are still written); interrupted by SIGINT or
// SIGTERM 130 / 143 (the step in progress finishes, then everything is
// written with status "interrupted", plus a checkpoint when the method
// supports one, so `wprox resume` continues it). Bad input throws InputError
// (exit 2) before anything is written.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "settings.hpp"
#include "wprox/checkpoint.hpp"
#include "wprox/registry.hpp"

namespace wprox::cli {

struct RunRequest {
  std::string method;
  std::string problem;  // empty: the config's, else the method's default
  Settings settings;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string out;  // empty: write nothing
  bool force = false;  // replace an --out folder that holds an earlier run
  bool progress = true;
  bool direct_out = false;     // write straight into `out` (compare's per-method folders)
  long checkpoint_every = 0;   // write a checkpoint every this many steps (0: only on interrupt)
  long interrupt_after = -1;   // stop after this many steps as if interrupted (tests of resume)
};

// A run to continue: the checkpoint and where it was found.
struct ResumePoint {
  MemoryState state;
  std::string trace_file;  // the trace written so far (rows beyond the checkpoint are dropped)
};

struct RunReport {
  int exit_code = 0;  // 0 done, 3 diverged, 130/143 interrupted
  std::string status; // done, diverged, interrupted
  std::string error;
  std::vector<Diagnostics> trace;
  Diagnostics metrics;
  long steps = 0;
  double wall_seconds = 0;
  std::string headline;  // the run's headline diagnostic (may be empty)
  std::vector<std::string> notes;  // warnings for the reader (also in summary.json)
};

// Throws InputError for anything wrong with the request (exit 2).
RunReport execute(Registry& reg, const RunRequest& req, const ResumePoint* resume = nullptr);

// The request recorded in a checkpoint, and the checkpoint of a run folder
// (DIR/checkpoint, or DIR.partial/checkpoint when the run died).
RunRequest request_from_checkpoint(const MemoryState& state);
ResumePoint find_checkpoint(const std::string& dir);

// The worker threads runs get now: --threads, or all cores for 0.
int threads_used();

// Creates `dir` (and parents) and checks it can be written; InputError if not.
void prepare_output_dir(const std::string& dir);

}  // namespace wprox::cli
