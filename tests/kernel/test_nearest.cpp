// nearest_distances() against a brute-force loop, including NaN queries,
// duplicates and exact hits. Both sum the same d squares in the same order,
// but the compiler may fuse a multiply and add (FMA) in one loop and not in
// the other: each of the d additions then rounds differently, so the squared
// distance s differs by at most d u s and its square root by (d + 1) u of the
// distance.
#include <cmath>
#include <limits>

#include "simd_targets.hpp"
#include "testing.hpp"

using namespace wprox;

namespace {

Particles normal_matrix(long n, int d, std::uint64_t seed) {
  Particles X(n, d);
  for (long i = 0; i < n; ++i) RandomStream(seed, std::uint64_t(i)).normal(X.row(i).data(), d);
  return X;
}

void brute_force(const Particles& q, const Particles& ref, Vector& d1, Vector& d2) {
  const double inf = std::numeric_limits<double>::infinity();
  d1.resize(q.rows());
  d2.resize(q.rows());
  for (long i = 0; i < q.rows(); ++i) {
    double best = inf, second = inf;
    for (long j = 0; j < ref.rows(); ++j) {
      double s = 0.0;
      for (long k = 0; k < q.cols(); ++k) s += (q(i, k) - ref(j, k)) * (q(i, k) - ref(j, k));
      if (s < best) {
        second = best;
        best = s;
      } else if (s < second) {
        second = s;
      }
    }
    d1[i] = std::sqrt(best);
    d2[i] = std::sqrt(second);
  }
}

}  // namespace

TEST_CASE("nearest distances equal a brute-force loop to rounding on every SIMD target") {
  wprox::testing_simd::for_each_simd_target([&] {
    for (int d : {1, 2, 3, 7}) {
      for (long n : {1L, 5L, 8L, 1001L}) {
        CAPTURE(d);
        CAPTURE(n);
        Particles ref = normal_matrix(n, d, 3);
        if (n > 4) ref.row(4) = ref.row(2);  // a duplicate: d1 = d2 for points near it
        Particles q = normal_matrix(50, d, 4);
        q.row(7) = ref.row(0);  // distance exactly 0
        q(9, 0) = std::numeric_limits<double>::quiet_NaN();
        Vector d1, d2;
        brute_force(q, ref, d1, d2);
        const NearestDistances nn = nearest_distances(q, ref);
        const double u = std::numeric_limits<double>::epsilon() / 2, rel = (d + 1) * u;
        for (long i = 0; i < q.rows(); ++i) {
          CAPTURE(i);
          if (std::isinf(d1[i]))
            CHECK(nn.d1[i] == d1[i]);
          else
            CHECK(std::fabs(nn.d1[i] - d1[i]) <= rel * d1[i]);
          if (std::isinf(d2[i]))
            CHECK(nn.d2[i] == d2[i]);
          else
            CHECK(std::fabs(nn.d2[i] - d2[i]) <= rel * d2[i]);
        }
      }
    }
  });
}
