#include "ranks.hpp"

namespace wprox::cli {

namespace {
const Communicator* g_ranks = nullptr;
}

const Communicator& ranks() { return g_ranks ? *g_ranks : serial_communicator(); }
void set_ranks(const Communicator& comm) { g_ranks = &comm; }

const char* mpi_support() {
#ifdef WPROX_HAVE_MPI
  return "built (run under mpirun to use several ranks)";
#else
  return "not built (configure with MPI found and -DWPROX_MPI=ON)";
#endif
}

}  // namespace wprox::cli
