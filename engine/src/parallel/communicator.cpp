// Defaults of Communicator's later virtual functions: what one rank does,
// so that a communicator written before them keeps working on one rank.
#include <algorithm>
#include <stdexcept>

#include "wprox/communicator.hpp"
#include "wprox/slab_transform.hpp"

namespace wprox {
namespace {

class CopiedTransfer final : public PendingTransfer {
 public:
  void wait() override {}
};

}  // namespace

std::unique_ptr<PendingTransfer> Communicator::shift_back(const double* send, std::size_t n_send, double* recv,
                                                          std::size_t n_recv) const {
  if (size() != 1) throw std::logic_error("shift_back: not implemented by this communicator (" + description() + ")");
  if (n_send != n_recv) throw std::logic_error("shift_back: one rank sends to itself, sizes must match");
  if (send != recv) std::copy(send, send + n_send, recv);
  return std::make_unique<CopiedTransfer>();
}

std::shared_ptr<const SlabTransform> Communicator::slab_transform(const TensorGrid& grid) const {
  if (size() != 1)
    throw std::logic_error("slab_transform: not implemented by this communicator (" + description() + ")");
  return serial_slab_transform(grid);
}

}  // namespace wprox
