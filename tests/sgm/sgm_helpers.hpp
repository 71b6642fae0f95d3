#pragma once
// Shared helpers of the sgm tests: random models and arrays from results.
#include <cmath>

#include "kernel_model.hpp"
#include "testing.hpp"

namespace sgm_test {

using namespace wprox;

// A mixture with N random centres in [-1, 1]^d and random factors L (entries
// ~ U(-1.5, 1.5)), precisions L L^T + delta I.
inline sgm::KernelModel random_model(long N, int d, std::uint64_t seed, double delta, RowMatrix* packed = nullptr) {
  Particles Z(N, d);
  RowMatrix L(N, sgm::packed_size(d));
  RandomStream rs(seed, 0);
  for (long i = 0; i < Z.size(); ++i) Z.data()[i] = 2 * rs.uniform() - 1;
  for (long i = 0; i < L.size(); ++i) L.data()[i] = 3 * rs.uniform() - 1.5;
  if (packed) *packed = L;
  return sgm::make_model(Z, L, delta);
}

inline Particles as_matrix(const Array& a) {
  return Eigen::Map<const Particles>(a.data.data(), long(a.shape[0]), long(a.shape[1]));
}

}  // namespace sgm_test
