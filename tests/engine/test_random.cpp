#include <cmath>

#include "testing.hpp"

using namespace wprox;

TEST_CASE("streams are pure functions of (seed, purpose, item, step)") {
  constexpr auto kA = stream_purpose("test.a"), kB = stream_purpose("test.b");
  static_assert(kA != kB, "distinct names give distinct purposes");
  RandomStream a(5, kA, 3, 7), same(5, kA, 3, 7);
  const double x = a.normal();
  CHECK(x == same.normal());
  // Any one of the four changed: another stream.
  for (RandomStream other :
       {RandomStream(6, kA, 3, 7), RandomStream(5, kB, 3, 7), RandomStream(5, kA, 4, 7), RandomStream(5, kA, 3, 8)})
    CHECK(x != other.normal());
  // A key carries seed and purpose.
  CHECK(RandomStream(StreamKey{5, kA}, 3, 7).normal() == x);
}

TEST_CASE("no two (item, step) streams of one purpose share a block, however many are drawn") {
  // The block counter has a word of its own: item 0's block 1 is not item 1's
  // block 0 (as it would be if items and blocks shared a counter word).
  constexpr auto kP = stream_purpose("test.blocks");
  RandomStream a(1, kP, 0, 0), b(1, kP, 1, 0), c(1, kP, 0, 1);
  for (int i = 0; i < 4; ++i) a.bits();  // item 0, block 0 used up
  const std::uint64_t a1 = a.bits();     // item 0, block 1
  CHECK(a1 != b.bits());
  CHECK(a1 != c.bits());
}

TEST_CASE("uniform and normal draws have the right moments") {
  // n = 200000 draws: the standard error of a mean is sigma / sqrt(n);
  // 5 standard errors is a bound a correct generator exceeds with
  // probability below 1e-6.
  const long n = 200000;
  RandomStream r(1, stream_purpose("test.moments"));
  double su = 0, sn = 0, sn2 = 0, sn4 = 0;
  for (long i = 0; i < n; ++i) {
    const double u = r.uniform();
    REQUIRE((u > 0 && u < 1));
    su += u;
  }
  for (long i = 0; i < n; ++i) {
    const double z = r.normal();
    sn += z, sn2 += z * z, sn4 += z * z * z * z;
  }
  const double se = 1 / std::sqrt(double(n));
  CHECK(std::fabs(su / n - 0.5) < 5 * se * std::sqrt(1.0 / 12));
  CHECK(std::fabs(sn / n) < 5 * se);
  CHECK(std::fabs(sn2 / n - 1) < 5 * se * std::sqrt(2.0));
  CHECK(std::fabs(sn4 / n - 3) < 5 * se * std::sqrt(96.0));  // Var(z^4) = 105 - 9
}
