#pragma once
// The engine's Communicator over an MPI communicator. Only hosts and
// libwprox_mpi include this header (it includes mpi.h); methods see the
// abstract wprox::Communicator.
#include <mpi.h>

#include "wprox/communicator.hpp"

namespace wprox {

class MpiCommunicator final : public Communicator {
 public:
  // Does not take ownership: `comm` must outlive this object.
  explicit MpiCommunicator(MPI_Comm comm);
  MPI_Comm handle() const { return comm_; }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string description() const override;
  void sum_in_rank_order(double* data, std::size_t n) const override;
  double max(double value) const override;
  void all_gather(const double* mine, std::size_t n_mine, double* all,
                  const std::vector<std::size_t>& counts) const override;
  void broadcast(double* data, std::size_t n, int root) const override;
  void broadcast(std::string& text, int root) const override;
  std::unique_ptr<PendingTransfer> shift(const double* send, std::size_t n_send, double* recv,
                                         std::size_t n_recv) const override;
  std::unique_ptr<PendingTransfer> shift_back(const double* send, std::size_t n_send, double* recv,
                                              std::size_t n_recv) const override;
  // One rank: the serial transform (the serial communicator's bits); more:
  // FFTW-MPI on this communicator.
  std::shared_ptr<const SlabTransform> slab_transform(const TensorGrid& grid) const override;
  int first_failed_rank(bool failed) const override;
  void barrier() const override;

 private:
  // The non-blocking pair both shifts are: receive from `from`, send to `to`.
  std::unique_ptr<PendingTransfer> exchange(const double* send, std::size_t n_send, int to, double* recv,
                                            std::size_t n_recv, int from, int tag, const char* who) const;
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace wprox
