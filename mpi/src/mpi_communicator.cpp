// Communicator over MPI. Sums are formed from gathered contributions in
// rank order (never MPI_Allreduce with MPI_SUM, whose order of addition is
// the library's choice), so an R-rank sum has the bits of the serial loop
// over the same rank-ordered blocks.
#include "wprox/mpi/mpi_communicator.hpp"

#include <climits>
#include <stdexcept>

#include "mpi_slab_transform.hpp"
#include "wprox/slab_transform.hpp"

namespace wprox {
namespace {

int as_count(std::size_t n, const char* what) {
  if (n > std::size_t(INT_MAX)) throw std::length_error(std::string(what) + ": message larger than MPI's int count");
  return int(n);
}

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("MPI call failed: ") + what);
}

class MpiTransfer final : public PendingTransfer {
 public:
  MpiTransfer() = default;
  ~MpiTransfer() override {
    if (!done_) MPI_Waitall(2, requests_, MPI_STATUSES_IGNORE);
  }
  void wait() override {
    if (done_) return;
    done_ = true;
    check(MPI_Waitall(2, requests_, MPI_STATUSES_IGNORE), "MPI_Waitall");
  }
  MPI_Request* requests() { return requests_; }

 private:
  MPI_Request requests_[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
  bool done_ = false;
};

constexpr int kShiftTag = 4711;
// Its own tag, so that a shift and a shift_back in flight together never match.
constexpr int kShiftBackTag = 4712;

}  // namespace

MpiCommunicator::MpiCommunicator(MPI_Comm comm) : comm_(comm) {
  check(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
}

std::string MpiCommunicator::description() const {
  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(version, &len);
  std::string v(version, std::size_t(len));
  const auto cut = v.find_first_of(",\n");
  if (cut != std::string::npos) v.resize(cut);
  return "MPI (" + v + "), " + std::to_string(size_) + (size_ == 1 ? " rank" : " ranks");
}

void MpiCommunicator::sum_in_rank_order(double* data, std::size_t n) const {
  if (size_ == 1 || n == 0) return;
  std::vector<double> all(n * std::size_t(size_));
  check(MPI_Allgather(data, as_count(n, "sum"), MPI_DOUBLE, all.data(), as_count(n, "sum"), MPI_DOUBLE, comm_),
        "MPI_Allgather");
  for (std::size_t i = 0; i < n; ++i) {
    double s = all[i];
    for (int r = 1; r < size_; ++r) s += all[std::size_t(r) * n + i];
    data[i] = s;
  }
}

double MpiCommunicator::max(double value) const {
  double out = value;
  check(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

void MpiCommunicator::all_gather(const double* mine, std::size_t n_mine, double* all,
                                 const std::vector<std::size_t>& counts) const {
  if (counts.size() != std::size_t(size_) || counts[std::size_t(rank_)] != n_mine)
    throw std::logic_error("all_gather: counts do not match the ranks");
  std::vector<int> c(counts.size()), displ(counts.size());
  std::size_t offset = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    c[r] = as_count(counts[r], "all_gather");
    displ[r] = as_count(offset, "all_gather");
    offset += counts[r];
  }
  check(MPI_Allgatherv(mine, as_count(n_mine, "all_gather"), MPI_DOUBLE, all, c.data(), displ.data(), MPI_DOUBLE,
                       comm_),
        "MPI_Allgatherv");
}

void MpiCommunicator::broadcast(double* data, std::size_t n, int root) const {
  check(MPI_Bcast(data, as_count(n, "broadcast"), MPI_DOUBLE, root, comm_), "MPI_Bcast");
}

void MpiCommunicator::broadcast(std::string& text, int root) const {
  unsigned long long n = text.size();
  check(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, root, comm_), "MPI_Bcast");
  text.resize(std::size_t(n));
  check(MPI_Bcast(text.data(), as_count(std::size_t(n), "broadcast"), MPI_CHAR, root, comm_), "MPI_Bcast");
}

// Receives from `from` and sends to `to`, both started, under `tag`.
std::unique_ptr<PendingTransfer> MpiCommunicator::exchange(const double* send, std::size_t n_send, int to,
                                                           double* recv, std::size_t n_recv, int from, int tag,
                                                           const char* who) const {
  auto t = std::make_unique<MpiTransfer>();
  check(MPI_Irecv(recv, as_count(n_recv, who), MPI_DOUBLE, from, tag, comm_, &t->requests()[0]), "MPI_Irecv");
  check(MPI_Isend(send, as_count(n_send, who), MPI_DOUBLE, to, tag, comm_, &t->requests()[1]), "MPI_Isend");
  return t;
}

std::unique_ptr<PendingTransfer> MpiCommunicator::shift(const double* send, std::size_t n_send, double* recv,
                                                        std::size_t n_recv) const {
  const int next = (rank_ + 1) % size_, prev = (rank_ + size_ - 1) % size_;
  return exchange(send, n_send, next, recv, n_recv, prev, kShiftTag, "shift");
}

std::unique_ptr<PendingTransfer> MpiCommunicator::shift_back(const double* send, std::size_t n_send, double* recv,
                                                             std::size_t n_recv) const {
  const int next = (rank_ + 1) % size_, prev = (rank_ + size_ - 1) % size_;
  return exchange(send, n_send, prev, recv, n_recv, next, kShiftBackTag, "shift_back");
}

std::shared_ptr<const SlabTransform> MpiCommunicator::slab_transform(const TensorGrid& grid) const {
  if (size_ == 1) return serial_slab_transform(grid);
  return mpi_slab_transform(grid, comm_);
}

int MpiCommunicator::first_failed_rank(bool failed) const {
  int mine = failed ? rank_ : size_, lowest = size_;
  check(MPI_Allreduce(&mine, &lowest, 1, MPI_INT, MPI_MIN, comm_), "MPI_Allreduce");
  return lowest == size_ ? -1 : lowest;
}

void MpiCommunicator::barrier() const { check(MPI_Barrier(comm_), "MPI_Barrier"); }

}  // namespace wprox
