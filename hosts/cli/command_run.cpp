#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "options.hpp"
#include "wprox/errors.hpp"

namespace wprox::cli {

namespace po = boost::program_options;

namespace {

long parse_count(const std::string& text, const char* option) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text.c_str(), &end, 10);
  WPROX_REQUIRE(!text.empty() && end == text.c_str() + text.size() && errno == 0 && v >= 0 && v <= 1000000000L,
                InputError, "--" << option << " " << quote(text) << " is invalid: expected an integer in [0, 1e9]");
  return v;
}

// What a finished, diverged or interrupted run prints.
int report(const std::string& method, const RunRequest& req, const RunReport& rep) {
  for (const auto& n : rep.notes) std::fprintf(stderr, "wprox: warning: %s\n", n.c_str());
  if (rep.exit_code == 3) {
    std::fprintf(stderr, "wprox: run diverged at %s\n", rep.error.c_str());
    return 3;
  }
  if (rep.status == "interrupted") {
    std::fprintf(stderr, "wprox: interrupted after step %ld%s\n", rep.steps,
                 req.out.empty() ? "" : ("; results and a checkpoint in " + req.out + " (wprox resume " + req.out + ")").c_str());
    return rep.exit_code;
  }
  std::printf("%s: %ld steps in %.3f s\n", method.c_str(), rep.steps, rep.wall_seconds);
  for (const auto& [name, v] : rep.metrics.items()) std::printf("  %-22s %.6g\n", name.c_str(), v);
  if (!req.out.empty()) std::printf("results in %s\n", req.out.c_str());
  return 0;
}

}  // namespace

int cmd_run(Registry& reg, const Args& args) {
  CommonOptions c;
  std::string method, every = "0", interrupt_after;
  po::options_description o("");
  o.add_options()("method", po::value(&method)->value_name("METHOD"), "method name (also the first argument)")(
      "checkpoint-every", po::value(&every)->value_name("K"), "write a checkpoint every K steps (--out needed)")(
      "interrupt-after", po::value(&interrupt_after)->value_name("K"), "stop after K steps as if interrupted (to test resume)");
  add_common_options(o, c);
  po::positional_options_description pos;
  pos.add("method", 1);
  if (!parse_options(args, o, pos, "run")) return 0;
  WPROX_REQUIRE(!method.empty(), InputError, "wprox run: name a method (see wprox list)");
  RunRequest req = make_request(c);
  req.method = method;
  req.checkpoint_every = parse_count(every, "checkpoint-every");
  WPROX_REQUIRE(req.checkpoint_every == 0 || !req.out.empty(), InputError,
                "--checkpoint-every needs --out (checkpoints are written into the output folder)");
  if (!interrupt_after.empty()) req.interrupt_after = parse_count(interrupt_after, "interrupt-after");
  load_plugins(reg);
  auto limit = limit_threads(req.threads);
  return report(method, req, execute(reg, req));
}

int cmd_resume(Registry& reg, const Args& args) {
  std::string dir, threads, interrupt_after;
  bool quiet = false;
  po::options_description o("");
  o.add_options()("dir", po::value(&dir)->value_name("DIR"), "the --out folder of the run to continue")(
      "threads", po::value(&threads)->value_name("T"), "worker threads (0: all cores; the results do not depend on it)")(
      "interrupt-after", po::value(&interrupt_after)->value_name("K"), "stop after K more steps as if interrupted")(
      "quiet", po::bool_switch(&quiet), "no progress display");
  po::positional_options_description pos;
  pos.add("dir", 1);
  if (!parse_options(args, o, pos, "resume")) return 0;
  WPROX_REQUIRE(!dir.empty(), InputError, "wprox resume: name the output folder of the run to continue");
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const ResumePoint point = find_checkpoint(dir);
  RunRequest req = request_from_checkpoint(point.state);
  if (!threads.empty()) req.threads = parse_threads(threads);
  req.out = dir;
  req.progress = !quiet;
  if (!interrupt_after.empty()) req.interrupt_after = parse_count(interrupt_after, "interrupt-after");
  load_plugins(reg);
  auto limit = limit_threads(req.threads);
  return report(req.method, req, execute(reg, req, &point));
}

}  // namespace wprox::cli
