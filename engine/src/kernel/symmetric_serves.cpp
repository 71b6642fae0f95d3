// When the symmetric path serves a self-interaction (kernel_paths.hpp): the
// one rule that kernel_sum() and the ring across ranks both apply.
#include <cmath>

#include "kernel_paths.hpp"

namespace wprox::kernel_detail {

bool symmetric_serves(long n, int d, double c, bool finite, double b_spread) {
  // Only where it is as accurate as the log-space path (isotropic_symmetric.ipp).
  if (!(c >= 0.0) || !finite || !(b_spread <= kMaxBRange)) return false;
  // Its slots: (d + 1) numbers per row and tile of sources.
  const double rows = double(n), tiles = std::ceil(rows / double(kTile));
  if (tiles * (rows + kLanes) * double(d + 1) * 8.0 > kMaxSlotBytes) return false;
  switch (d) {
    case 1: case 2: case 3: case 4: case 5: case 6: case 8: case 10: return true;
    default: return false;  // not compiled: the general path
  }
}

}  // namespace wprox::kernel_detail
