#pragma once
// Counter-based random streams (Random123 Philox-4x64).
//
// A stream is fully determined by (seed, stream, substream): there is no
// shared generator state, so work split across threads in any way draws
// exactly the same numbers. Convention: stream = particle (or item) index,
// substream = step number times a small count of purposes + the purpose.
#include <cstdint>

namespace wprox {

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t stream, std::uint64_t substream = 0);
  std::uint64_t bits();     // 64 uniform random bits
  double uniform();         // uniform on the open interval (0, 1)
  double normal();          // standard normal (Box-Muller on two uniforms)
  void normal(double* out, long n);

 private:
  void refill();
  std::uint64_t key_[2];
  std::uint64_t ctr_[4];
  std::uint64_t buf_[4];
  int used_ = 4;
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace wprox
