#pragma once
// Reproducible test particles: standard normal rows keyed by (seed, row),
// so any block of rows is the same on every rank and in every process.
#include <cstdint>

#include <wprox/data.hpp>
#include <wprox/random.hpp>

namespace wprox::testing {

inline Particles normal_cloud(long n, int d, std::uint64_t seed) {
  Particles X(n, d);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(seed, std::uint64_t(i));
    rs.normal(X.row(i).data(), d);
  }
  return X;
}

}  // namespace wprox::testing
