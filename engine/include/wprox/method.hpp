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
#include <vector>

#include "wprox/communicator.hpp"
#include "wprox/diagnostics.hpp"
#include "wprox/params.hpp"
#include "wprox/problem.hpp"
#include "wprox/results.hpp"
#include "wprox/settings.hpp"

namespace wprox {

class StateWriter;
class StateReader;

struct RunContext {
  std::uint64_t seed = 0;
  int threads = 0;  // 0: all available. Informational: the host sets the TBB limit.
  // The ranks sharing this run; null means one process. Methods that do not
  // split their work run the whole problem on every rank.
  const Communicator* comm = nullptr;
  const Communicator& communicator() const { return comm ? *comm : serial_communicator(); }
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

  // Checkpoints (wprox/checkpoint.hpp). A run that returns true saves in
  // save_state() everything its steps read or write, and restores it in
  // load_state(), so that a run restored after step k continues bit for bit
  // as the uninterrupted run would. Hosts call save() and load(), which add
  // the step counters; load() is called on a freshly started run of the
  // same method, problem, parameters and seed.
  virtual bool checkpointable() const { return false; }
  void save(StateWriter& w) const;
  void load(const StateReader& r);

  // Warnings a reader of the results must see (a diagnostic that could not
  // be computed, a clamp that was applied), each recorded once; the host
  // prints them and writes them into summary.json's "notes".
  const std::vector<std::string>& notes() const { return notes_; }

 protected:
  explicit Run(long total_steps) : total_(total_steps) {}
  // k is the 1-based number of the step being taken.
  virtual void do_step(long k, Diagnostics& diag) = 0;
  virtual void save_state(StateWriter& /*w*/) const {}
  virtual void load_state(const StateReader& /*r*/) {}
  void stop_early() { stopped_ = true; }
  void set_total_steps(long n) { total_ = n; }
  void note(const std::string& text) const;

 private:
  mutable std::vector<std::string> notes_;
  long total_ = 0;
  long done_ = 0;
  bool stopped_ = false;
};

struct MethodInfo {
  std::string name;              // unique across plugins, e.g. "ula"
  std::string problem_kind;      // e.g. "target"
  int problem_kind_version = 0;  // the kind contract's version the method was built against
  std::string default_problem;   // used when the user names none
  std::string summary;           // one line for `wprox list`
  ParamSchema schema;
  // Creates a run. Throws InputError for parameter combinations the schema
  // cannot express (e.g. an init file whose dimension differs from the problem).
  std::function<std::unique_ptr<Run>(const Problem&, const Params&, const RunContext&)> start;
};

struct ProblemInfo {
  std::string name;
  std::string kind;
  int kind_version = 0;  // the kind contract's version the problem was built against
  std::string summary;
  ParamSchema schema;
  std::function<std::shared_ptr<const Problem>(const Params&, const RunContext&)> create;
};

// Throws InputError when `problem` is not of the kind (and kind version)
// that `method` takes, listing the problems that are. Hosts call it before
// creating anything.
void check_problem_kind(const MethodInfo& method, const ProblemInfo& problem,
                        const std::vector<std::string>& valid_problems);

// Registration in one statement: the method's parameters are the settings
// schema's, and start receives the problem as its kind's class and the
// settings struct filled and checked.
//
//   r.add_method(make_method<TargetProblem>("ula", "one-line summary", "gaussian", ula_schema(),
//       [](const TargetProblem& t, const UlaSettings& s, const RunContext& ctx) {
//         return std::make_unique<UlaRun>(t, s, ctx); }));
template <class Kind, class S, class Start>
MethodInfo make_method(std::string name, std::string summary, std::string default_problem,
                       const SettingsSchema<S>& schema, Start start) {
  MethodInfo m;
  m.name = std::move(name);
  m.problem_kind = Kind::kKind;
  m.problem_kind_version = Kind::kVersion;
  m.default_problem = std::move(default_problem);
  m.summary = std::move(summary);
  m.schema = schema.params();
  m.start = [schema, start](const Problem& p, const Params& params, const RunContext& ctx) -> std::unique_ptr<Run> {
    const Kind& problem = problem_as<Kind>(p);
    return start(problem, schema.read(params), ctx);
  };
  return m;
}

// The same for problems: create receives the settings struct and returns the
// problem (a class implementing Kind).
template <class Kind, class S, class Create>
ProblemInfo make_problem(std::string name, std::string summary, const SettingsSchema<S>& schema, Create create) {
  ProblemInfo p;
  p.name = std::move(name);
  p.kind = Kind::kKind;
  p.kind_version = Kind::kVersion;
  p.summary = std::move(summary);
  p.schema = schema.params();
  p.create = [schema, create](const Params& params, const RunContext& ctx) -> std::shared_ptr<const Problem> {
    return create(schema.read(params), ctx);
  };
  return p;
}

}  // namespace wprox
