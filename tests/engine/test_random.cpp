#include <cmath>

#include "testing.hpp"

using namespace wprox;

TEST_CASE("streams are pure functions of (seed, stream, substream)") {
  RandomStream a(5, 3, 7), b(5, 3, 7), c(5, 4, 7), d(6, 3, 7);
  const double x = a.normal();
  CHECK(x == b.normal());
  CHECK(x != c.normal());
  CHECK(x != d.normal());
}

TEST_CASE("uniform and normal draws have the right moments") {
  // n = 200000 draws: the standard error of a mean is sigma / sqrt(n);
  // 5 standard errors is a bound a correct generator exceeds with
  // probability below 1e-6.
  const long n = 200000;
  RandomStream r(1, 0, 0);
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
