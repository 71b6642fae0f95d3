// Sample metrics (engine/src/metrics) against closed forms.
#include <cmath>

#include <wprox/sample_metrics.hpp>

#include "testing.hpp"

using namespace wprox;

TEST_CASE("nearest and second-nearest distances, median and memorized fraction") {
  Particles ref(3, 2);
  ref << 0, 0, 1, 0, 0, 3;
  Particles q(3, 2);
  q << 0.1, 0, 0.5, 0, 0, 2.9;
  const auto nn = nearest_distances(q, ref);
  CHECK(nn.d1[0] == doctest::Approx(0.1));
  CHECK(nn.d2[0] == doctest::Approx(0.9));
  CHECK(nn.d1[1] == doctest::Approx(0.5));
  CHECK(nn.d2[1] == doctest::Approx(0.5));
  CHECK(nn.d1[2] == doctest::Approx(0.1));
  CHECK(nn.d2[2] == doctest::Approx(2.9));  // (0, 0) is nearer than (1, 0)
  // d1 < d2 / 3: points 0 and 2 are copies, point 1 (half-way) is not.
  CHECK(memorized_fraction(nn) == doctest::Approx(2.0 / 3.0));
  CHECK(median(nn.d1) == doctest::Approx(0.1));
  Vector even(4);
  even << 4, 1, 3, 2;
  CHECK(median(even) == doctest::Approx(2.5));
  CHECK_THROWS_AS(nearest_distances(Particles(2, 3), ref), DimensionMismatch);
}

TEST_CASE("exact 1-D W2 between empirical measures of different sizes") {
  Vector a(1), b(2);
  a << 0;
  b << 3, 1;
  CHECK(wasserstein2_1d(a, b) == doctest::Approx(std::sqrt(5.0)));  // (1/2) 1 + (1/2) 9
  Vector c(3), e(2);
  c << 2, 0, 1;
  e << 0, 2;
  // quantiles: c = 0,1,2 on thirds, e = 0,2 on halves; they differ by 1 on
  // [1/3, 1/2) and [1/2, 2/3): W2^2 = 1/6 + 1/6.
  CHECK(wasserstein2_1d(c, e) == doctest::Approx(std::sqrt(1.0 / 3.0)));
  CHECK(wasserstein2_1d(c, c) == 0.0);
}

TEST_CASE("sliced W2 of a translated copy is |m| / sqrt(d) up to the Monte Carlo error over directions") {
  // Y = X + m: each projection moves by theta.m exactly, so SW2^2 is the mean
  // of (theta.m)^2 over the directions, whose expectation is |m|^2 / d. In
  // 2-D (theta.m)^2 = |m|^2 cos^2 phi has standard deviation |m|^2 / sqrt(8):
  // with 4000 directions the mean has relative standard error 1.1%, so SW2
  // has 0.56%; 5 standard errors = 2.8%.
  Particles X(300, 2);
  RandomStream rs(1, 0);
  for (long i = 0; i < X.size(); ++i) X.data()[i] = rs.normal();
  Particles Y = X;
  Y.col(0).array() += 3.0;
  Y.col(1).array() += 4.0;
  CHECK(sliced_w2(X, Y, 4000, 7) == doctest::Approx(5.0 / std::sqrt(2.0)).epsilon(0.028));
  CHECK(sliced_w2(X, X, 10, 7) == 0.0);
}

TEST_CASE("Gaussian MMD closed forms for point masses") {
  Particles a(1, 2), ab(2, 2);
  a << 0, 0;
  ab << 0, 0, 1, 1;
  const double h = 0.8, k = std::exp(-2.0 / (2 * h * h));
  // MMD^2(delta_a, delta_b) = 2 - 2 k(a, b)
  CHECK(gaussian_mmd(a, ab.bottomRows(1), h) == doctest::Approx(std::sqrt(2 - 2 * k)));
  // MMD^2(delta_a, (delta_a + delta_b)/2) = 1 + (2 + 2k)/4 - (1 + k) = (1 - k)/2
  CHECK(gaussian_mmd(a, ab, h) == doctest::Approx(std::sqrt((1 - k) / 2)));
  CHECK(gaussian_mmd(ab, ab, h) == doctest::Approx(0.0).scale(1e-7));
  CHECK_THROWS_AS(gaussian_mmd(a, ab, 0.0), InputError);
}

TEST_CASE("metrics are identical for 1 and 2 threads") {
  Particles X(500, 3), Y(400, 3);
  RandomStream rs(5, 0);
  for (long i = 0; i < X.size(); ++i) X.data()[i] = rs.normal();
  for (long i = 0; i < Y.size(); ++i) Y.data()[i] = rs.normal() + 0.1;
  double m1 = 0, m2 = 0, s1 = 0, s2 = 0;
  with_threads(1, [&] {
    m1 = gaussian_mmd(X, Y, 1.0);
    s1 = sliced_w2(X, Y, 50, 3);
  });
  with_threads(2, [&] {
    m2 = gaussian_mmd(X, Y, 1.0);
    s2 = sliced_w2(X, Y, 50, 3);
  });
  CHECK(m1 == m2);
  CHECK(s1 == s2);
}
