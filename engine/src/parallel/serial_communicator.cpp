// The one-rank Communicator: every collective is the identity (or a copy).
#include <algorithm>
#include <stdexcept>

#include "wprox/communicator.hpp"

namespace wprox {
namespace {

class DoneTransfer final : public PendingTransfer {
 public:
  void wait() override {}
};

class SerialCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string description() const override { return "serial"; }
  void sum_in_rank_order(double*, std::size_t) const override {}
  double max(double value) const override { return value; }
  void all_gather(const double* mine, std::size_t n_mine, double* all,
                  const std::vector<std::size_t>& counts) const override {
    if (counts.size() != 1 || counts[0] != n_mine) throw std::logic_error("all_gather: counts do not match one rank");
    std::copy(mine, mine + n_mine, all);
  }
  void broadcast(double*, std::size_t, int) const override {}
  void broadcast(std::string&, int) const override {}
  std::unique_ptr<PendingTransfer> shift(const double* send, std::size_t n_send, double* recv,
                                         std::size_t n_recv) const override {
    if (n_send != n_recv) throw std::logic_error("shift: one rank sends to itself, sizes must match");
    if (send != recv) std::copy(send, send + n_send, recv);
    return std::make_unique<DoneTransfer>();
  }
  int first_failed_rank(bool failed) const override { return failed ? 0 : -1; }
  void barrier() const override {}
};

}  // namespace

const Communicator& serial_communicator() {
  static const SerialCommunicator comm;
  return comm;
}

}  // namespace wprox
