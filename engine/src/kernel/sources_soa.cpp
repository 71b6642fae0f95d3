#include "kernel_paths.hpp"

namespace wprox::kernel_detail {

SourcesSoA transpose_sources(const Particles& Y, const Vector& b, double pad) {
  SourcesSoA s;
  s.n = Y.rows();
  s.d = int(Y.cols());
  s.padded = (s.n + kLanes - 1) / kLanes * kLanes;
  s.coords.assign(std::size_t(s.d) * s.padded, pad);
  s.b.assign(s.padded, kNegInf);
  for (long j = 0; j < s.n; ++j) {
    for (int k = 0; k < s.d; ++k) s.coords[std::size_t(k) * s.padded + j] = Y(j, k);
    s.b[j] = b.size() ? b[j] : 0.0;
  }
  return s;
}

}  // namespace wprox::kernel_detail
