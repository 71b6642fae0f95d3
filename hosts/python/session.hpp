#pragma once
// One run driven from Python: the C++ side of wprox.start() and wprox.run().
//
// It mirrors the CLI's driver (hosts/cli/run_driver.cpp): the same
// validation order, the same Params from the same text, the same
// RunContext, the engine's RunLoop for whole runs; so the same method,
// parameters and seed give the same arrays bit for bit. Everything that may
// call engine code runs through the session's Executor (see executor.hpp),
// with the GIL released; when the engine stopped because a Python target's
// callback raised, that exception is what the session raises.
//
// Life cycle: open ("running") -> step() any number of times -> end() runs
// the finish stage once and fixes the status: "done" (all steps taken, or
// the method stopped itself), "stopped" (ended early), "diverged" (a
// RunError: error() and error_step() say where). A Python callback that
// raised leaves status "failed": the step it interrupted is half done, so
// the run takes no further steps.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "executor.hpp"
#include "python_problems.hpp"
#include "wprox/method.hpp"

namespace wprox::python {

struct SessionSpec {
  std::string method;
  std::string problem;                          // a registered problem; empty: the method's default
  std::shared_ptr<const Problem> user_problem;  // or one defined in Python (then `problem` is ignored)
  std::shared_ptr<PythonTarget> user_target;    // set when user_problem is a PythonTarget
  std::map<std::string, std::string> method_params, problem_params;  // textual, as the CLI's --set
  std::uint64_t seed = 1;
  int threads = 0;
};

class Session {
 public:
  explicit Session(SessionSpec spec);  // InputError for bad input, before any step
  ~Session();

  // Takes one step; false when none was taken (the run had ended or
  // finished). A divergence ends the run.
  bool step();
  // Steps until finished (or Ctrl-C), then ends the run.
  void run_to_end();
  // The finish stage, once; later calls do nothing.
  void end();

  bool ended() const { return ended_; }
  bool finished() const { return run_->finished(); }
  const std::string& status() const { return status_; }
  const std::string& error() const { return error_; }
  long error_step() const { return error_step_; }
  long steps_done() const { return run_->steps_done(); }
  long total_steps() const { return run_->total_steps(); }
  double progress() const { return run_->progress(); }
  double wall_seconds() const { return wall_seconds_; }
  std::string headline() const { return run_->headline(); }
  const std::vector<Diagnostics>& trace() const { return trace_; }

  Results results();
  Diagnostics metrics();

  const std::string& method_name() const { return method_; }
  const std::string& problem_name() const { return problem_name_; }
  const std::string& problem_kind() const { return problem_kind_; }
  const Params& method_params() const { return mparams_; }
  const Params& problem_params() const { return pparams_; }
  std::uint64_t seed() const { return seed_; }
  int threads() const { return threads_; }
  std::optional<CallbackStats> callback_stats() const;

  // Writes what `wprox run --out dir` writes: trace.csv, the results (unless
  // diverged) and summary.json.
  void save(const std::string& dir);

 private:
  // Runs engine work (see executor.hpp); raises a callback's exception in
  // place of the CallbackFailed that unwound the work.
  void execute(const std::function<void()>& work);
  void fail_if_broken() const;

  std::string method_, problem_name_, problem_kind_;
  Params mparams_, pparams_;
  std::uint64_t seed_;
  int threads_;
  std::shared_ptr<const Problem> problem_;
  std::shared_ptr<PythonTarget> target_;  // the problem again, when Python-defined
  Executor executor_;
  std::unique_ptr<Run> run_;
  std::vector<Diagnostics> trace_;
  std::string status_ = "running", error_;
  long error_step_ = 0;
  bool ended_ = false;
  double wall_seconds_ = 0;
};

}  // namespace wprox::python
