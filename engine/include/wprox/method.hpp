#pragma once
// The plugin contract for methods: a parameter schema plus start(), which
// returns a Run. A Run is init (its constructor) + step() with per-step
// diagnostics, in the style of BlackJAX's (init, step): the host drives the
// loop and owns progress display, early stops, output and timing.
//
// Rules for a method: no printing, no file output, no global state. All
// randomness comes from RandomStream keyed by RunContext::seed, so a run is a
// pure function of (problem, params, seed) for any thread count. Numerical
// failure is reported by throwing RunError with the step number.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "wprox/diagnostics.hpp"
#include "wprox/params.hpp"
#include "wprox/problem.hpp"
#include "wprox/results.hpp"

namespace wprox {

struct RunContext {
  std::uint64_t seed = 0;
  int threads = 0;  // 0: all available. Informational: the host sets the TBB limit.
};

class Run {
 public:
  virtual ~Run() = default;
  // Advances one step. `diag` is cleared by the caller and must receive the
  // same names every step (they become trace.csv columns).
  void step(Diagnostics& diag) {
    do_step(done_ + 1, diag);
    ++done_;
  }
  long steps_done() const { return done_; }
  long total_steps() const { return total_; }
  virtual bool finished() const { return stopped_ || done_ >= total_; }
  // Fraction done in [0, 1], for progress display.
  virtual double progress() const { return total_ > 0 ? double(done_) / double(total_) : 1.0; }
  // End-of-run work that turns the state reached into outputs (samples of a
  // trained model, trajectories of a value function). The run loop calls it
  // once, after the last step or an early stop, inside its error handling
  // (a RunError thrown here is a divergence like one thrown by a step).
  virtual void finish() {}
  // End-of-run metrics for summary.json. Describes state only (no solves):
  // may be called at any time, cheaply.
  virtual void metrics(Diagnostics& /*out*/) const {}
  // Arrays, tables and pictures describing the current state; likewise cheap.
  virtual Results results() const = 0;
  // The per-step diagnostic that best measures progress on this problem
  // (`wprox compare` plots it); empty when there is none.
  virtual std::string headline() const { return ""; }

 protected:
  explicit Run(long total_steps) : total_(total_steps) {}
  // k is the 1-based number of the step being taken.
  virtual void do_step(long k, Diagnostics& diag) = 0;
  void stop_early() { stopped_ = true; }
  void set_total_steps(long n) { total_ = n; }

 private:
  long total_ = 0;
  long done_ = 0;
  bool stopped_ = false;
};

struct MethodInfo {
  std::string name;             // unique across plugins, e.g. "ula"
  std::string problem_kind;     // e.g. "target"
  std::string default_problem;  // used when the user names none
  std::string summary;          // one line for `wprox list`
  ParamSchema schema;
  // Creates a run. Throws InputError for parameter combinations the schema
  // cannot express (e.g. an init file whose dimension differs from the problem).
  std::function<std::unique_ptr<Run>(const Problem&, const Params&, const RunContext&)> start;
};

struct ProblemInfo {
  std::string name;
  std::string kind;
  std::string summary;
  ParamSchema schema;
  std::function<std::shared_ptr<const Problem>(const Params&, const RunContext&)> create;
};

}  // namespace wprox
