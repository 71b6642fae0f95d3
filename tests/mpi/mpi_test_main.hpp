#pragma once
// The doctest programs under mpirun share one main (mpi_test_main.cpp): it
// starts MPI, runs the test cases on every rank, and fails the program on
// every rank when any rank failed.
#include "wprox/communicator.hpp"

namespace wprox::mpi_test {
// MPI_COMM_WORLD's communicator, valid while the test cases run.
const Communicator& comm();
}  // namespace wprox::mpi_test
