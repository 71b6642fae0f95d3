#include "run_driver.hpp"

#include <boost/filesystem.hpp>
#include <nlohmann/json.hpp>

#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "interrupts.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "ranks.hpp"
#include "wprox/agreement.hpp"
#include "wprox/errors.hpp"
#include "wprox/io/csv.hpp"
#include "wprox/io/output.hpp"
#include "wprox/io/summary.hpp"
#include "wprox/render.hpp"
#include "wprox/run_loop.hpp"

namespace wprox::cli {

namespace fs = boost::filesystem;

void prepare_output_dir(const std::string& dir) {
  boost::system::error_code ec;
  fs::create_directories(dir, ec);
  WPROX_REQUIRE(!ec && fs::is_directory(dir), InputError,
                "output folder " << quote(dir) << " cannot be created" << (ec ? " (" + ec.message() + ")" : ""));
  const std::string probe = dir + "/.wprox-write-test";
  {
    std::ofstream f(probe);
    WPROX_REQUIRE(f && (f << "x") && f.flush(), InputError, "output folder " << quote(dir) << " is not writable");
  }
  fs::remove(probe, ec);
}

namespace {

std::string settings_json(const std::map<std::string, std::string>& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j.dump();
}

std::map<std::string, std::string> settings_from_json(const std::string& text) {
  std::map<std::string, std::string> m;
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    for (const auto& [k, v] : j.items()) m[k] = v.get<std::string>();
  } catch (const std::exception& e) {
    throw InputError(std::string("the checkpoint's recorded settings are malformed: ") + e.what());
  }
  return m;
}

// The rows of an earlier trace up to `last_step`, with its header.
std::vector<std::string> trace_prefix(const std::string& file, long last_step, std::vector<std::string>& columns) {
  std::ifstream in(file);
  WPROX_REQUIRE(in, InputError, "cannot read the trace " << quote(file) << " of the run to resume");
  std::string header, line;
  std::getline(in, header);
  std::istringstream hs(header);
  std::string cell;
  std::getline(hs, cell, ',');  // "step"
  while (std::getline(hs, cell, ',')) columns.push_back(cell);
  std::vector<std::string> rows{header};
  while (std::getline(in, line)) {
    const long step = std::atol(line.c_str());
    if (step >= 1 && step <= last_step) rows.push_back(line);
  }
  return rows;
}

// Collective under several ranks (a run may gather its state in save()):
// every rank calls it, and the one with an output folder (rank 0) writes.
void write_checkpoint(const Run& run, const RunRequest& req, const std::string& method, const std::string& problem,
                      const std::string& dir) {
  MemoryState s;
  s.text("request.method", method);
  s.text("request.problem", problem);
  s.text("request.method_settings", settings_json(req.settings.method));
  s.text("request.problem_settings", settings_json(req.settings.problem));
  s.text("request.seed", std::to_string(req.seed));
  s.integer("request.threads", req.threads);
  s.integer("request.checkpoint_every", req.checkpoint_every);
  run.save(s);
  if (dir.empty()) return;  // a rank other than 0
  // Atomic: a complete folder under a temporary name, then renamed.
  boost::system::error_code ec;
  const std::string tmp = dir + "/checkpoint.tmp", final_dir = dir + "/checkpoint";
  fs::remove_all(tmp, ec);
  s.write_folder(tmp);
  fs::remove_all(final_dir, ec);
  fs::rename(tmp, final_dir, ec);
  WPROX_REQUIRE(!ec, InputError, "cannot write the checkpoint in " << quote(dir) << " (" << ec.message() << ")");
}

// The settings under their current names, so that a checkpoint of a run
// started with a deprecated name resumes without repeating the notice.
std::map<std::string, std::string> current_names(const ParamSchema& schema,
                                                 const std::map<std::string, std::string>& given) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : given) out[schema.canonical(k)] = v;
  return out;
}

// One line per deprecated parameter name used, once per process: compare
// resolves the same problem settings for every method.
void note_deprecations(const Params& p) {
  static std::set<std::string> printed;
  for (const auto& line : p.deprecations())
    if (printed.insert(line).second) std::fprintf(stderr, "wprox: note: %s\n", line.c_str());
}

// The plugins that registered the method and the problem, with versions.
std::vector<std::pair<std::string, std::string>> plugins_used(const Registry& reg, const std::string& method,
                                                              const std::string& problem) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : reg.plugins()) {
    if (!p.ok) continue;
    const bool has_method = std::find(p.methods.begin(), p.methods.end(), method) != p.methods.end();
    const bool has_problem = std::find(p.problems.begin(), p.problems.end(), problem) != p.problems.end();
    if (has_method || has_problem) out.emplace_back(p.name, p.version);
  }
  return out;
}

}  // namespace

int threads_used() {
  // The cap --threads set (limit_threads), or every core when there is none.
  return int(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

RunRequest request_from_checkpoint(const MemoryState& state) {
  RunRequest req;
  req.method = state.text("request.method");
  req.problem = state.text("request.problem");
  req.settings.method = settings_from_json(state.text("request.method_settings"));
  req.settings.problem = settings_from_json(state.text("request.problem_settings"));
  req.seed = parse_seed(state.text("request.seed"));
  req.threads = int(state.integer("request.threads"));
  req.checkpoint_every = state.integer("request.checkpoint_every");
  return req;
}

ResumePoint find_checkpoint(const std::string& dir) {
  for (const std::string& base : {dir, dir + ".partial"}) {
    boost::system::error_code ec;
    if (!fs::exists(base + "/checkpoint/state.json", ec)) continue;
    ResumePoint p;
    p.state = MemoryState::read_folder(base + "/checkpoint");
    p.trace_file = base + "/trace.csv";
    return p;
  }
  throw InputError("no checkpoint in " + quote(dir) + " or " + quote(dir + ".partial") +
                   "; run with --checkpoint-every K (or interrupt a run) to make one");
}

RunReport execute(Registry& reg, const RunRequest& req, const ResumePoint* resume) {
  // Under mpirun every rank executes this function with the same request;
  // rank 0 alone owns the output folder, the trace and the progress display,
  // and the other ranks only compute (see ranks.hpp).
  const Communicator& comm = ranks();
  const bool root = comm.is_root();
  // 1. Validate everything before any file is touched: set-up is one
  // agreement point, so a failure on any rank is every rank's exit 2 (or 3).
  const MethodInfo* method = nullptr;
  const ProblemInfo* pinfo = nullptr;
  Params mparams, pparams;
  const RunContext ctx{req.seed, req.threads, &comm};
  std::shared_ptr<const Problem> problem;
  std::unique_ptr<Run> run;
  RunRequest saved = req;  // what a checkpoint records: parameters under their current names
  long resumed_from = -1;
  std::vector<std::string> old_trace, columns;
  std::unique_ptr<OutputFolder> folder;
  std::string dir;
  std::unique_ptr<TraceWriter> trace;
  agree(comm, [&] {
    method = &reg.method(req.method);
    const std::string problem_name = !req.problem.empty()                 ? req.problem
                                     : !req.settings.problem_name.empty() ? req.settings.problem_name
                                                                          : method->default_problem;
    pinfo = &reg.problem(problem_name);
    check_problem_kind(*method, *pinfo, reg.problem_names(method->problem_kind));
    mparams = method->schema.resolve(req.settings.method, "method '" + method->name + "'");
    pparams = pinfo->schema.resolve(req.settings.problem, "problem '" + pinfo->name + "'", "problem.");
    saved.settings.method = current_names(method->schema, req.settings.method);
    saved.settings.problem = current_names(pinfo->schema, req.settings.problem);
    problem = pinfo->create(pparams, ctx);
    run = method->start(*problem, mparams, ctx);
    WPROX_REQUIRE(req.checkpoint_every == 0 || run->checkpointable(), InputError,
                  "method '" << method->name << "' does not support checkpoints (--checkpoint-every)");
    if (resume) {
      run->load(resume->state);
      resumed_from = run->steps_done();
      if (root) old_trace = trace_prefix(resume->trace_file, resumed_from, columns);
    }
    if (!req.out.empty() && root) {
      if (req.direct_out) {
        prepare_output_dir(req.out);
        dir = req.out;
      } else {
        folder = std::make_unique<OutputFolder>(req.out, req.force || resume != nullptr);
        dir = folder->staging();
      }
    }
    warn_failed_plugins(reg);
    if (!dir.empty()) {
      if (resume) {
        std::ofstream t(dir + "/trace.csv");
        for (const auto& row : old_trace) t << row << '\n';
        t.flush();
        WPROX_REQUIRE(t, InputError, "cannot write " << quote(dir + "/trace.csv"));
        trace = std::make_unique<TraceWriter>(dir + "/trace.csv", columns);
      } else {
        trace = std::make_unique<TraceWriter>(dir + "/trace.csv");
      }
    }
  });
  // Rank 0 alone prints (the others' output is discarded anyway).
  if (root) {
    note_deprecations(mparams);
    note_deprecations(pparams);
  }

  // 2. Step, through the engine's run loop (with several ranks each step is
  // an agreement point and the stop decision is shared).
  RunReport report;
  Progress progress(method->name + " on " + pinfo->name, req.progress && root);
  RunLoop loop;
  loop.communicator(comm);
  loop.on_step([&](const StepEvent& e) {
    if (trace) trace->write(e.step, e.diagnostics);
    progress.update(e.run.progress(), e.step, e.diagnostics, e.seconds);
    report.trace.push_back(e.diagnostics);
    if (!req.out.empty() && req.checkpoint_every > 0 && e.step % req.checkpoint_every == 0)
      write_checkpoint(e.run, saved, method->name, pinfo->name, dir);
  });
  loop.stop_when(interrupt_requested);
  if (req.interrupt_after >= 0) loop.max_steps(req.interrupt_after);
  const RunOutcome outcome = loop.run(*run);
  progress.finish();
  report.status = outcome.status_name();
  if (outcome.status == RunOutcome::Status::Diverged) {
    report.exit_code = 3;
    report.error = outcome.error;
  } else if (outcome.status == RunOutcome::Status::Stopped) {
    report.status = "interrupted";
    const int sig = interrupt_signal();
    report.exit_code = 128 + (sig ? sig : 2);
  }
  report.steps = run->steps_done();
  report.wall_seconds = outcome.seconds;
  report.headline = run->headline();

  // 3. Results and summary, whatever the outcome: the trace and the last
  // state say where a diverged or interrupted run stopped. metrics() and
  // results() are collective (a sharded run gathers its state on every
  // rank), so every rank calls them; rank 0 writes.
  agree(comm, [&] {
    run->metrics(report.metrics);
    report.notes = run->notes();
    if (!report.headline.empty() && report.metrics.has(report.headline) &&
        !std::isfinite(report.metrics.get(report.headline)))
      report.notes.push_back("the final " + report.headline + " is not a number");
    if (req.out.empty()) return;
    const Results results = run->results();
    const bool checkpoint = outcome.status == RunOutcome::Status::Stopped && run->checkpointable();
    if (dir.empty()) {  // a rank other than 0: its part of the collective calls
      if (checkpoint) write_checkpoint(*run, saved, method->name, pinfo->name, dir);
      return;
    }
    SummaryData s;
    s.method = method->name;
    s.problem = pinfo->name;
    s.status = report.status;
    s.error = report.error;
    if (outcome.status == RunOutcome::Status::Diverged) s.failed_step = outcome.error_step;
    s.resumed_from = resumed_from;
    s.method_params = &mparams;
    s.problem_params = &pparams;
    s.seed = req.seed;
    s.threads = threads_used();
    s.threads_requested = req.threads;
    s.ranks = comm.size();
    s.command_line = command_line();
    s.plugins = plugins_used(reg, method->name, pinfo->name);
    s.steps = report.steps;
    s.wall_seconds = report.wall_seconds;
    s.metrics = report.metrics;
    s.notes = report.notes;
    trace->flush();
    s.files.push_back("trace.csv");
    auto files = write_results(results, dir, svg_pictures());
    s.files.insert(s.files.end(), files.begin(), files.end());
    if (checkpoint) {
      write_checkpoint(*run, saved, method->name, pinfo->name, dir);
      s.files.push_back("checkpoint/");
    }
    write_summary(dir + "/summary.json", s);
    if (folder) folder->commit();
  });
  return report;
}

}  // namespace wprox::cli
