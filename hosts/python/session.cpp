#include "session.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "registry_access.hpp"
#include "wprox/errors.hpp"
#include "wprox/io/csv.hpp"
#include "wprox/io/output.hpp"
#include "wprox/io/summary.hpp"
#include "wprox/render.hpp"
#include "wprox/run_loop.hpp"

namespace wprox::python {

namespace {

// A deprecated parameter name the user gave: a FutureWarning (shown by
// default, once per call site, and filterable as Python users expect).
void warn_deprecations(const Params& p) {
  for (const auto& line : p.deprecations())
    if (PyErr_WarnEx(PyExc_FutureWarning, ("wprox: " + line).c_str(), 1) != 0) throw pybind11::error_already_set();
}

}  // namespace

Session::Session(SessionSpec spec)
    : method_(spec.method), seed_(spec.seed), threads_(spec.threads), target_(spec.user_target),
      executor_(spec.threads) {
  Registry& reg = registry();
  // As the CLI's `run`: a plugin that failed to load is an error.
  if (!reg.all_loaded()) throw InputError(reg.first_failure());
  const MethodInfo& method = reg.method(spec.method);
  RunContext ctx{spec.seed, spec.threads};
  if (spec.user_problem) {
    WPROX_REQUIRE(spec.problem_params.empty(), InputError,
                  "problem '" << spec.user_problem->name()
                              << "' is defined in Python and takes no problem parameters; pass them to its constructor");
    WPROX_REQUIRE(spec.user_problem->kind() == method.problem_kind, InputError,
                  "method '" << method.name << "' needs a problem of kind '" << method.problem_kind << "', but '"
                             << spec.user_problem->name() << "' is of kind '" << spec.user_problem->kind() << "'");
    problem_ = spec.user_problem;
    problem_name_ = problem_->name();
    problem_kind_ = problem_->kind();
    mparams_ = method.schema.resolve(spec.method_params, "method '" + method.name + "'");
  } else {
    const std::string name = spec.problem.empty() ? method.default_problem : spec.problem;
    const ProblemInfo& pinfo = reg.problem(name);
    check_problem_kind(method, pinfo, reg.problem_names(method.problem_kind));
    mparams_ = method.schema.resolve(spec.method_params, "method '" + method.name + "'");
    pparams_ = pinfo.schema.resolve(spec.problem_params, "problem '" + pinfo.name + "'", "problem.");
    problem_name_ = pinfo.name;
    problem_kind_ = pinfo.kind;
    execute([&] { problem_ = pinfo.create(pparams_, ctx); });
  }
  warn_deprecations(mparams_);
  warn_deprecations(pparams_);
  execute([&] { run_ = method.start(*problem_, mparams_, ctx); });
}

Session::~Session() = default;

void Session::fail_if_broken() const {
  WPROX_REQUIRE(status_ != "failed", InputError,
                "this run was interrupted inside a step by an exception from a Python callback; start a new one");
}

void Session::execute(const std::function<void()>& work) {
  try {
    executor_.run(work);
  } catch (...) {
    // A callback's failure reaches here as CallbackFailed (or whatever a
    // TBB loop made of it): the callback's own exception takes its place.
    if (target_) target_->python_potential().raise_callback_error();
    throw;
  }
}

bool Session::step() {
  fail_if_broken();
  if (ended_) return false;
  if (run_->finished()) {
    end();
    return false;
  }
  bool completed = false;  // the step ran to its end (or diverged cleanly)
  try {
    execute([&] {
      Diagnostics d;
      const auto t0 = std::chrono::steady_clock::now();
      auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
      try {
        run_->step(d);
      } catch (const RunError& e) {
        wall_seconds_ += elapsed();
        status_ = "diverged";
        error_ = e.what();
        error_step_ = e.step();
        completed = true;
        return;
      }
      // As the run loop's: the engine's time since the first step.
      wall_seconds_ += elapsed();
      d.set("wall_seconds", wall_seconds_);
      trace_.push_back(std::move(d));
      completed = true;
    });
  } catch (...) {
    executor_.clear_interrupt();
    // Ctrl-C during a step that completed leaves the run open and sound;
    // anything else interrupted the step half way.
    if (!completed) status_ = "failed";
    if (!completed || status_ == "diverged") ended_ = true;
    throw;
  }
  if (status_ == "diverged") {
    ended_ = true;  // the run keeps its last good state; no finish stage after a failure
    return false;
  }
  return true;
}

void Session::run_to_end() {
  fail_if_broken();
  if (ended_) return;
  executor_.clear_interrupt();
  RunOutcome outcome;
  bool completed = false;  // the loop returned (finish stage included)
  const double before = wall_seconds_;
  auto record = [&] {
    status_ = outcome.status_name();
    error_ = outcome.error;
    error_step_ = outcome.error_step;
    wall_seconds_ = before + outcome.seconds;
    ended_ = true;
  };
  try {
    execute([&] {
      RunLoop loop;
      loop.stop_when([&] { return executor_.interrupted(); });
      loop.on_step([&](const StepEvent& e) {
        Diagnostics d = e.diagnostics;
        d.set("wall_seconds", before + e.seconds);
        trace_.push_back(std::move(d));
      });
      outcome = loop.run(*run_);
      completed = true;
    });
  } catch (...) {
    executor_.clear_interrupt();
    // Ctrl-C: the loop stopped between steps and ran the finish stage.
    if (completed) {
      record();
    } else {
      status_ = "failed";
      ended_ = true;
    }
    throw;
  }
  record();
}

void Session::end() {
  if (ended_) return;
  execute([&] {
    const auto t0 = std::chrono::steady_clock::now();
    status_ = run_->finished() ? "done" : "stopped";
    try {
      run_->finish();
    } catch (const RunError& e) {
      status_ = "diverged";
      error_ = e.what();
      error_step_ = e.step();
    }
    wall_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  ended_ = true;
}

Results Session::results() {
  Results r;
  execute([&] { r = run_->results(); });
  return r;
}

Diagnostics Session::metrics() {
  Diagnostics d;
  execute([&] { run_->metrics(d); });
  return d;
}

std::optional<CallbackStats> Session::callback_stats() const {
  if (!target_) return std::nullopt;
  return target_->python_potential().stats();
}

void Session::save(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  WPROX_REQUIRE(!ec && std::filesystem::is_directory(dir), InputError,
                "output folder '" << dir << "' cannot be created" << (ec ? " (" + ec.message() + ")" : ""));
  SummaryData s;
  s.method = method_;
  s.problem = problem_name_;
  s.status = status_;
  s.error = error_;
  s.method_params = &mparams_;
  s.problem_params = &pparams_;
  s.seed = seed_;
  s.threads = threads_;
  s.steps = run_->steps_done();
  s.wall_seconds = wall_seconds_;
  s.metrics = metrics();
  {
    TraceWriter trace(dir + "/trace.csv");
    for (std::size_t k = 0; k < trace_.size(); ++k) trace.write(long(k + 1), trace_[k]);
    trace.flush();
  }
  s.files.push_back("trace.csv");
  if (status_ != "diverged" && status_ != "failed") {
    const Results r = results();
    const auto files = write_results(r, dir, svg_pictures());
    s.files.insert(s.files.end(), files.begin(), files.end());
  }
  write_summary(dir + "/summary.json", s);
}

}  // namespace wprox::python
