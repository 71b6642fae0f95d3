#include "wprox/mpi/mpi_session.hpp"

#include <cstdlib>

#include "wprox/mpi/mpi_communicator.hpp"

namespace wprox {

bool MpiSession::launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

MpiSession::MpiSession(int* argc, char*** argv) {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  // A failed MPI call returns an error code (turned into an exception)
  // instead of aborting the job, so the host can report it.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  comm_ = std::make_unique<MpiCommunicator>(MPI_COMM_WORLD);
}

MpiSession::~MpiSession() {
  if (!comm_) return;
  comm_.reset();
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

const Communicator& MpiSession::communicator() const { return comm_ ? *comm_ : serial_communicator(); }

void MpiSession::abort(int exit_code) const {
  if (comm_) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

}  // namespace wprox
