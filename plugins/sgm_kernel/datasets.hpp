#pragma once
// The data sets of the score-based generative model experiments (docs/generative.md) and their registration as problems of kind "dataset".
#include <cstdint>

#include <wprox/kinds/dataset.hpp>
#include <wprox/sdk.hpp>

namespace wprox::sgm {

// n points of the two moons: angle a ~ U(0, pi), upper moon (cos a, sin a)
// or lower moon (1 - cos a, 1/2 - sin a) with probability 1/2 each, plus
// N(0, 0.01^2 I) noise, then scaled by 2 and shifted by (-1, -0.2).
// Point k uses RandomStream(seed, "dataset.two-moons", first + k), so the first n points of a
// longer draw are the same points.
Particles two_moons(long n, std::uint64_t seed, long first = 0);

// n points of the 6-D Swiss roll, rows (x, y, z1, z2, z3, z4): t = 1.5 pi (1 + 2u),
// (x, y) = (t cos t + xi1, t sin t + xi2) / 5, z1 = 2x + 0.1 e1,
// z2 = x + y + 0.1 e2, z3 = x - 2y + 0.1 e3, z4 ~ N(0, 1).
Particles swiss_roll_6d(long n, std::uint64_t seed, long first = 0);

// Registers the problems two-moons, swiss-roll-6d and csv.
void register_datasets(Registry& r);

}  // namespace wprox::sgm
