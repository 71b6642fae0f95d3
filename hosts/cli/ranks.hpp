#pragma once
// The ranks this `wprox` process belongs to: one process normally, every
// rank of the job under mpirun (main() starts MPI then). Every rank runs the
// same command with the same arguments; rank 0 alone prints, creates the
// output folder and writes files (main() sends the other ranks' stdout and
// stderr to /dev/null).
#include "wprox/communicator.hpp"

namespace wprox::cli {

const Communicator& ranks();
void set_ranks(const Communicator& comm);
// "not built", or "built" plus the running communicator when it has ranks.
const char* mpi_support();

}  // namespace wprox::cli
