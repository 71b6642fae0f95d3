// wprox: the command-line host. Exit codes: 0 done, 2 bad input, 3 the run
// diverged or a solve failed.
//
// Under mpirun every rank runs this same program with the same arguments
// (ranks.hpp). Failures are agreed at the points every rank reaches
// (wprox/agreement.hpp: argument parsing and set-up, each step, the end of
// the run), so every rank ends with the same exit code and rank 0 prints the
// one message. An exception anywhere else reached one rank only: that rank
// prints it and ends the whole job with MPI_Abort and the exit code.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "help.hpp"
#include "interrupts.hpp"
#include "ranks.hpp"
#include "wprox/agreement.hpp"
#include "wprox/errors.hpp"
#ifdef WPROX_HAVE_MPI
#include "wprox/mpi/mpi_session.hpp"
#endif

namespace {

const char* const kOutOfMemory =
    "out of memory: the requested sizes do not fit in this machine's memory; "
    "reduce particles, samples or grid sizes";

// Ranks other than 0 print nothing: their stdout and stderr go to /dev/null,
// and a copy of the real stderr is kept for a failure only that rank saw.
int silence_other_ranks(const wprox::Communicator& comm) {
  if (comm.is_root()) return STDERR_FILENO;
  std::fflush(stdout);
  std::fflush(stderr);
  const int kept = dup(STDERR_FILENO);
  const int null = open("/dev/null", O_WRONLY);
  if (null >= 0) {
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    close(null);
  }
  return kept >= 0 ? kept : STDERR_FILENO;
}

int dispatch(wprox::Registry& reg, const std::string& cmd, const wprox::cli::Args& args) {
  using namespace wprox;
  const Communicator& comm = cli::ranks();
  if (cmd == "run") return cli::cmd_run(reg, args);
  if (cmd == "resume") return cli::cmd_resume(reg, args);
  // The other commands make no collective call: each rank does the same
  // work, so a failure on one is agreed at the end.
  int code = 0;
  agree(comm, [&] {
    if (cmd == "list") {
      code = cli::cmd_list(reg, args);
    } else if (cmd == "info") {
      code = cli::cmd_info(reg, args);
    } else if (cmd == "compare") {
      WPROX_REQUIRE(comm.size() == 1, InputError,
                    "wprox compare runs in one process (it is running on " << comm.size()
                        << " ranks); launch it without mpirun, or run each method with mpirun wprox run");
      code = cli::cmd_compare(reg, args);
    } else {
      throw InputError("unknown command " + quote(cmd) + did_you_mean(cmd, {"list", "info", "run", "compare", "resume"}) +
                       "; valid commands: list, info, run, compare, resume");
    }
  });
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wprox;
#ifdef WPROX_HAVE_MPI
  // Starts MPI only under mpirun: a plain run stays one process.
  const MpiSession session(&argc, &argv);
  cli::set_ranks(session.communicator());
#endif
  const Communicator& comm = cli::ranks();
  const int own_stderr = silence_other_ranks(comm);
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
  int code = 0;
  std::string message;
  try {
    return dispatch(reg, cmd, args);
  } catch (const InputError& e) {
    code = 2, message = e.what();
  } catch (const RunError& e) {
    code = 3, message = std::string("run failed at ") + e.what();
  } catch (const std::bad_alloc&) {
    code = 2, message = kOutOfMemory;
  } catch (const std::length_error&) {  // a container asked for more than it can ever hold
    code = 2, message = kOutOfMemory;
  } catch (const std::exception& e) {
    code = 1, message = std::string("internal error: ") + e.what();
  }
  if (comm.size() > 1 && !take_agreed_failure()) {
    // Seen by this rank alone, outside an agreement point: the others may be
    // waiting in a collective call, so the job ends here.
    dprintf(own_stderr, "wprox: rank %d: %s\n", comm.rank(), message.c_str());
#ifdef WPROX_HAVE_MPI
    session.abort(code);
#endif
  }
  std::fprintf(stderr, "wprox: %s\n", message.c_str());
  return code;
}
