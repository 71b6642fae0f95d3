#pragma once
// The ranks of a run. A method sees its share of the work through this
// interface only: libwprox implements it for one process
// (serial_communicator()), and the optional MPI library (built as
// wprox_mpi when MPI is found) implements it over MPI, so that neither the
// engine nor any plugin includes mpi.h or needs MPI to build.
//
// Every reduction here combines the ranks' contributions in rank order
// 0, 1, .., R-1, never in arrival order: with a split that follows the same
// order as the one-rank loop, an R-rank run gives the one-rank bits.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace wprox {

class SlabTransform;
class TensorGrid;

// A point-to-point transfer started by Communicator::shift(); wait()
// completes it (the receive buffer is valid, the send buffer reusable).
// Destroying a pending transfer waits for it.
class PendingTransfer {
 public:
  virtual ~PendingTransfer() = default;
  virtual void wait() = 0;
};

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_root() const { return rank() == 0; }
  // "serial", or the transport and rank count, for summaries and `wprox list`.
  virtual std::string description() const = 0;

  // data[0..n) on every rank becomes the element-wise sum over ranks, added
  // in rank order.
  virtual void sum_in_rank_order(double* data, std::size_t n) const = 0;
  // The largest value over ranks (exact, so order does not matter).
  virtual double max(double value) const = 0;
  // Every rank's block concatenated in rank order, on every rank;
  // counts[r] is rank r's element count and `all` holds their sum.
  virtual void all_gather(const double* mine, std::size_t n_mine, double* all,
                          const std::vector<std::size_t>& counts) const = 0;
  virtual void broadcast(double* data, std::size_t n, int root) const = 0;
  virtual void broadcast(std::string& text, int root) const = 0;
  // Starts sending `send` to rank (r + 1) mod R while receiving `recv` from
  // rank (r - 1) mod R: the step of a ring exchange, overlappable with work.
  // With one rank the data is copied (n_send must equal n_recv).
  virtual std::unique_ptr<PendingTransfer> shift(const double* send, std::size_t n_send, double* recv,
                                                 std::size_t n_recv) const = 0;
  // Failure agreement at a point every rank reaches: each passes whether it
  // failed; all get back the lowest failed rank, or -1 when none did.
  virtual int first_failed_rank(bool failed) const = 0;
  virtual void barrier() const = 0;

  // Added after plugin ABI 4 first shipped, at the end so that the slots
  // above keep their places (only hosts derive from this class).
  // The same step in the other direction: sends to rank (r - 1) mod R,
  // receives from (r + 1) mod R (with shift(), a halo exchange of rows).
  // The default serves one rank only (a copy) and throws otherwise.
  virtual std::unique_ptr<PendingTransfer> shift_back(const double* send, std::size_t n_send, double* recv,
                                                      std::size_t n_recv) const;
  // Distributed spectral transforms of a 2-D grid split in row slabs over
  // these ranks (wprox/slab_transform.hpp); collective. The default is the
  // serial transform of one rank and throws for more.
  virtual std::shared_ptr<const SlabTransform> slab_transform(const TensorGrid& grid) const;
};

// The one-process communicator (rank 0 of 1); lives for the program.
const Communicator& serial_communicator();

// A contiguous split of n items over `ranks` ranks in rank order, in whole
// units of `grain` items (the last unit may be short): the first
// (units mod ranks) ranks get one unit more; ranks past the units get none.
// A grain lets a split keep the blocks of a blocked loop whole (the ring
// kernel's source chunks, wprox/kernel_ring.hpp).
struct BlockSplit {
  std::size_t n = 0;
  int ranks = 1;
  std::size_t grain = 1;
  std::size_t units() const { return (n + grain - 1) / grain; }
  std::size_t begin(int r) const {
    const std::size_t u = units();
    return std::min(n, grain * (std::size_t(r) * (u / ranks) + std::min<std::size_t>(r, u % ranks)));
  }
  std::size_t count(int r) const { return begin(r + 1) - begin(r); }
  std::vector<std::size_t> counts() const {
    std::vector<std::size_t> c(ranks);
    for (int r = 0; r < ranks; ++r) c[r] = count(r);
    return c;
  }
};

}  // namespace wprox
