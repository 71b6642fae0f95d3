// wprox: the command-line host. Exit codes: 0 done, 2 bad input, 3 the run
// diverged or a solve failed.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "help.hpp"
#include "interrupts.hpp"
#include "wprox/errors.hpp"

namespace {

void print_out_of_memory() {
  std::fprintf(stderr,
               "wprox: out of memory: the requested sizes do not fit in this machine's memory; "
               "reduce particles, samples or grid sizes\n");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wprox;
  const bool help = argc >= 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
                                  !std::strcmp(argv[1], "help"));
  if (argc < 2 || (help && argc == 2)) {
    std::fputs(cli::kOverview, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "-V") || !std::strcmp(argv[1], "version")) {
    std::printf("%s\n", cli::version_line().c_str());
    return 0;
  }
  cli::set_command_line(argc, argv);
  // "wprox help COMMAND" is "wprox COMMAND --help".
  const std::string cmd = help ? argv[2] : argv[1];
  cli::Args args;
  if (help) args.emplace_back("--help");
  for (int i = help ? 3 : 2; i < argc; ++i) {
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
