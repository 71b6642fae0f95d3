// wprox: the command-line host. Exit codes: 0 done, 2 bad input, 3 the run
// diverged or a solve failed.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "interrupts.hpp"
#include "wprox/errors.hpp"

namespace {

const char* kUsage =
    "usage:\n"
    "  wprox list                         plugins, methods, problems\n"
    "  wprox info METHOD|PROBLEM          parameters with defaults and docs\n"
    "  wprox run METHOD [--problem P] [--set key=value ...] [--config FILE]\n"
    "                   [--seed S] [--threads T] [--out DIR] [--quiet]\n"
    "                   [--checkpoint-every K]\n"
    "  wprox resume DIR [--threads T] [--quiet]   continue a run from its checkpoint\n"
    "  wprox compare --methods M1,M2,... [--problem P] [--set key=value ...]\n"
    "                   [--seed S] [--threads T] --out DIR [--metric NAME]\n"
    "Plugins are searched in $WPROX_PLUGIN_PATH and next to libwprox; a file that fails to load is\n"
    "skipped with a warning, or refused with --strict-plugins (or WPROX_STRICT_PLUGINS=1).\n";

void print_out_of_memory() {
  std::fprintf(stderr,
               "wprox: out of memory: the requested sizes do not fit in this machine's memory; "
               "reduce particles, samples or grid sizes\n");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wprox;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  cli::Args args;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--strict-plugins")
      cli::set_strict_plugins(true);
    else
      args.emplace_back(argv[i]);
  }
  // The registry outlives the handlers below: an exception thrown by plugin
  // code must be read before its library is unloaded.
  Registry reg;
  cli::install_interrupt_handlers();
  try {
    if (cmd == "list") return cli::cmd_list(reg, args);
    if (cmd == "info") return cli::cmd_info(reg, args);
    if (cmd == "run") return cli::cmd_run(reg, args);
    if (cmd == "compare") return cli::cmd_compare(reg, args);
    if (cmd == "resume") return cli::cmd_resume(reg, args);
    throw InputError("unknown command " + quote(cmd) + did_you_mean(cmd, {"list", "info", "run", "compare", "resume"}) +
                     "; valid commands: list, info, run, compare, resume");
  } catch (const InputError& e) {
    std::fprintf(stderr, "wprox: %s\n", e.what());
    return 2;
  } catch (const RunError& e) {
    std::fprintf(stderr, "wprox: run failed at %s\n", e.what());
    return 3;
  } catch (const std::bad_alloc&) {
    print_out_of_memory();
    return 2;
  } catch (const std::length_error&) {  // a container asked for more than it can ever hold
    print_out_of_memory();
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wprox: internal error: %s\n", e.what());
    return 1;
  }
}
