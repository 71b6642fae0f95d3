#include "run_driver.hpp"

#include <boost/filesystem.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "commands.hpp"
#include "progress.hpp"
#include "wprox/errors.hpp"
#include "wprox/io/csv.hpp"
#include "wprox/io/output.hpp"
#include "wprox/io/summary.hpp"
#include "wprox/run_loop.hpp"

namespace wprox::cli {

namespace fs = boost::filesystem;

void prepare_output_dir(const std::string& dir) {
  boost::system::error_code ec;
  fs::create_directories(dir, ec);
  WPROX_REQUIRE(!ec && fs::is_directory(dir), InputError,
                "output folder '" << dir << "' cannot be created" << (ec ? " (" + ec.message() + ")" : ""));
  const std::string probe = dir + "/.wprox-write-test";
  {
    std::ofstream f(probe);
    WPROX_REQUIRE(f && (f << "x"), InputError, "output folder '" << dir << "' is not writable");
  }
  fs::remove(probe, ec);
}

RunReport execute(Registry& reg, const RunRequest& req) {
  // 1. Validate everything before any file is touched.
  const MethodInfo& method = reg.method(req.method);
  std::string problem_name = !req.problem.empty()                 ? req.problem
                             : !req.settings.problem_name.empty() ? req.settings.problem_name
                                                                  : method.default_problem;
  const ProblemInfo& pinfo = reg.problem(problem_name);
  check_problem_kind(method, pinfo, reg.problem_names(method.problem_kind));
  const Params mparams = method.schema.resolve(req.settings.method, "method '" + method.name + "'");
  const Params pparams = pinfo.schema.resolve(req.settings.problem, "problem '" + pinfo.name + "'", "problem.");
  RunContext ctx{req.seed, req.threads};
  std::shared_ptr<const Problem> problem = pinfo.create(pparams, ctx);
  std::unique_ptr<Run> run = method.start(*problem, mparams, ctx);

  warn_failed_plugins(reg);
  std::unique_ptr<TraceWriter> trace;
  if (!req.out.empty()) {
    prepare_output_dir(req.out);
    boost::system::error_code ec;
    fs::remove(req.out + "/summary.json", ec);  // never leave an old summary beside new results
    trace = std::make_unique<TraceWriter>(req.out + "/trace.csv");
  }

  // 2. Step, through the engine's run loop.
  RunReport report;
  Progress progress(method.name + " on " + pinfo.name, req.progress);
  RunLoop loop;
  loop.on_step([&](const StepEvent& e) {
    if (trace) trace->write(e.step, e.diagnostics);
    progress.update(e.run.progress(), e.step, e.diagnostics, e.seconds);
    report.trace.push_back(e.diagnostics);
  });
  const RunOutcome outcome = loop.run(*run);
  progress.finish();
  const std::string status = outcome.status_name();
  if (outcome.status == RunOutcome::Status::Diverged) {
    report.exit_code = 3;
    report.error = outcome.error;
  }
  report.steps = run->steps_done();
  report.wall_seconds = outcome.seconds;
  report.headline = run->headline();
  run->metrics(report.metrics);

  // 3. Results and summary (also after a divergence: the trace says where).
  if (!req.out.empty()) {
    SummaryData s;
    s.method = method.name;
    s.problem = pinfo.name;
    s.status = status;
    s.error = report.error;
    s.method_params = &mparams;
    s.problem_params = &pparams;
    s.seed = req.seed;
    s.threads = req.threads;
    s.steps = report.steps;
    s.wall_seconds = report.wall_seconds;
    s.metrics = report.metrics;
    trace->flush();
    s.files.push_back("trace.csv");
    if (report.exit_code == 0) {
      auto files = write_results(run->results(), req.out);
      s.files.insert(s.files.end(), files.begin(), files.end());
    }
    write_summary(req.out + "/summary.json", s);
  }
  return report;
}

}  // namespace wprox::cli
