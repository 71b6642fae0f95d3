#include "wprox/random.hpp"

#include <Random123/philox.h>

#include <cmath>

namespace wprox {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t item, std::uint64_t step,
                           std::uint64_t substep)
    : key_{seed, purpose}, ctr_{item, step, 0, substep}, buf_{0, 0, 0, 0} {}

void RandomStream::refill() {
  r123::Philox4x64 rng;
  r123::Philox4x64::ctr_type c = {{ctr_[0], ctr_[1], ctr_[2], ctr_[3]}};
  r123::Philox4x64::key_type k = {{key_[0], key_[1]}};
  auto r = rng(c, k);
  for (int i = 0; i < 4; ++i) buf_[i] = r.v[i];
  ++ctr_[2];  // the block counter within this (item, step, substep)
  used_ = 0;
}

std::uint64_t RandomStream::bits() {
  if (used_ == 4) refill();
  return buf_[used_++];
}

double RandomStream::uniform() {
  // 53 random bits mapped to the open interval (0, 1).
  return (double(bits() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  const double u1 = uniform(), u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double a = 6.283185307179586 * u2;
  spare_normal_ = r * std::sin(a);
  has_spare_ = true;
  return r * std::cos(a);
}

void RandomStream::normal(double* out, long n) {
  for (long i = 0; i < n; ++i) out[i] = normal();
}

}  // namespace wprox
