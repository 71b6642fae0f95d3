#include "trainer.hpp"

#include <wprox/errors.hpp>

namespace wprox::npdg {

void validate(const SamplingSettings& s, const std::string& what) {
  WPROX_REQUIRE(s.interior_points >= 16 && s.interior_points <= 10000000, InputError,
                what << ": interior_points = " << s.interior_points << " is outside the allowed range [16, 1e7]");
  WPROX_REQUIRE(s.boundary_points >= 0 && s.boundary_points <= 10000000, InputError,
                what << ": boundary_points = " << s.boundary_points
                     << " is outside the allowed range [0, 1e7] (0: 40 d)");
  WPROX_REQUIRE(s.resample_every >= 0, InputError,
                what << ": resample_every = " << s.resample_every << " must be >= 0 (0: never resample)");
  WPROX_REQUIRE(s.error_points >= 1 && s.error_points <= 10000000, InputError,
                what << ": error_points = " << s.error_points << " is outside the allowed range [1, 1e7]");
  WPROX_REQUIRE(s.error_every >= 1, InputError, what << ": error_every = " << s.error_every << " must be >= 1");
}

long boundary_count(const SamplingSettings& s, int dim) {
  return s.boundary_points > 0 ? s.boundary_points : 40L * dim;
}

std::uint64_t derive_seed(std::uint64_t seed, SeedPurpose purpose) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (std::uint64_t(purpose) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

// The solution network, after the settings it depends on are validated
// (members are initialized before the constructor body could check them).
Mlp checked_network(int dim, const NetworkSettings& net, const SamplingSettings& s, std::uint64_t seed,
                    const std::string& what) {
  validate(net, what + ": solution network");
  validate(s, what);
  return make_network(dim, net, derive_seed(seed, SeedPurpose::solution));
}

}  // namespace

Trainer::Trainer(const EllipticProblem& p, const NetworkSettings& net, const SamplingSettings& s,
                 std::uint64_t seed, const std::string& what)
    : p_(p),
      u_(checked_network(p.dim(), net, s, seed, what)),
      points_(p, s.interior_points, boundary_count(s, p.dim()), s.resample_every,
              derive_seed(seed, SeedPurpose::points), s.sequence),
      monitor_(p, s.error_points, s.error_every, derive_seed(seed, SeedPurpose::reference)) {}

Matrix broadcast(const Vector& w, int rows) { return w.transpose().replicate(rows, 1); }

}  // namespace wprox::npdg
