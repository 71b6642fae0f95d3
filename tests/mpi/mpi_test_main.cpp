#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "mpi_test_main.hpp"
#include "wprox/mpi/mpi_session.hpp"

namespace wprox::mpi_test {
namespace {
const Communicator* g_comm = nullptr;
}
const Communicator& comm() { return *g_comm; }
}  // namespace wprox::mpi_test

int main(int argc, char** argv) {
  wprox::MpiSession session(&argc, &argv);
  if (!session.active()) {
    std::fprintf(stderr, "%s: run me under mpirun\n", argv[0]);
    return 2;
  }
  wprox::mpi_test::g_comm = &session.communicator();
  doctest::Context ctx(argc, argv);
  int failed = ctx.run();
  // One rank's failure fails the test: agree before leaving.
  if (session.communicator().first_failed_rank(failed != 0) >= 0) failed = 1;
  return failed;
}
