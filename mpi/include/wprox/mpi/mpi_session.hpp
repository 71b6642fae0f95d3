#pragma once
// MPI for the lifetime of a host process, started only when an MPI
// launcher started the process: a plain `wprox run` stays a one-process
// program that never touches MPI (Open MPI's singleton start-up spawns a
// daemon and, as root, refuses to run).
#include <memory>

#include "wprox/communicator.hpp"

namespace wprox {

class MpiSession {
 public:
  // True when the environment carries an MPI launcher's rank variables
  // (Open MPI, PMI, PMIx).
  static bool launched_by_mpirun();
  // Initializes MPI (funneled threads: only the host's main thread calls
  // MPI; TBB workers never do) when launched_by_mpirun(), else does nothing.
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  bool active() const { return comm_ != nullptr; }
  // MPI_COMM_WORLD's communicator when active, else the serial one.
  const Communicator& communicator() const;
  // Ends every rank now with `exit_code` (after a failure the others cannot
  // learn of at a collective point).
  [[noreturn]] void abort(int exit_code) const;

 private:
  std::unique_ptr<Communicator> comm_;
};

}  // namespace wprox
