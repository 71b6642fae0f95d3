// softmax_kernel_sum (both vectorized fast paths: the general log-space one
// and the symmetric one used when queries and sources are the same object)
// against the plain scalar reference, and its guarantees: log-space
// stability, zero weights for b = -inf, the same bits for any thread count.
#include <tbb/global_control.h>

#include <cmath>
#include <limits>

#include "testing.hpp"

using namespace wprox;

namespace {

Particles normal_matrix(long n, int d, std::uint64_t seed, double scale = 1.0) {
  Particles X(n, d);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(seed, std::uint64_t(i));
    rs.normal(X.row(i).data(), d);
  }
  return X * scale;
}

// Both paths sum the same N positive terms in different orders, with exp()s
// that differ by a few ulp. A sum of N positive terms in any order has
// relative error <= (N - 1) u / (1 - (N - 1) u) (Higham, Accuracy and
// Stability, (4.4)); numerator and denominator each carry that plus ~4 ulp
// of exp, so |out_fast - out_ref| <= 2 (N u + 4 u) max|y| and the log-sum-exp
// differs by <= (N u + 4 u) + u |lse|. We allow 2x on top for the distance
// computation (same formula, different association in the fast path's
// compile-time loops).
double tolerance_out(long N, double ymax) {
  const double u = std::numeric_limits<double>::epsilon() / 2;
  return 4.0 * (N * u + 4 * u) * ymax;
}

void compare(const Particles& X, const Particles& Y, const Vector& b, double c) {
  Particles f, r;
  Vector lf, lr;
  softmax_kernel_sum(X, Y, b, c, f, &lf);
  softmax_kernel_sum_reference(X, Y, b, c, r, &lr);
  const double ymax = Y.cwiseAbs().maxCoeff();
  CHECK((f - r).cwiseAbs().maxCoeff() <= tolerance_out(Y.rows(), ymax));
  const double lmax = lr.cwiseAbs().maxCoeff();
  CHECK((lf - lr).cwiseAbs().maxCoeff() <= tolerance_out(Y.rows(), 1.0) + 4 * 1.1e-16 * lmax);
}

}  // namespace

TEST_CASE("kernel sum: fast path equals the scalar reference in every dimension") {
  for (int d : {1, 2, 3, 4, 5, 6, 7, 8, 10, 13}) {
    CAPTURE(d);
    // N not a multiple of the SIMD width or the block: exercises padding.
    const Particles X = normal_matrix(37, d, 1), Y = normal_matrix(1031, d, 2);
    Vector b = normal_matrix(1031, 1, 3).col(0);
    compare(X, Y, b, 0.7);
    compare(X, Y, Vector(), 0.7);
  }
}

TEST_CASE("kernel sum: symmetric path (queries = sources) equals the scalar reference") {
  // N = 700 spans three 256-row tiles (diagonal and off-diagonal tiles and a
  // partial last block). The symmetric path factors w_ij = K_ij beta_j with
  // beta_j = exp(b_j - max b): the same sum with one more rounding per term,
  // inside the tolerance above.
  for (int d : {1, 2, 3, 4, 5, 6, 7, 8, 10, 13}) {
    CAPTURE(d);
    const Particles X = normal_matrix(700, d, 21);
    const Vector b = normal_matrix(700, 1, 22, 3.0).col(0);
    compare(X, X, b, 0.9);
    compare(X, X, Vector(), 0.9);
  }
  // A spread of b beyond the symmetric path's 300 falls back to the general
  // path; so does a non-finite b.
  const Particles X = normal_matrix(300, 2, 23);
  Vector b = normal_matrix(300, 1, 24, 200.0).col(0);
  compare(X, X, b, 0.9);
  b[5] = -std::numeric_limits<double>::infinity();
  compare(X, X, b, 0.9);
}

TEST_CASE("kernel sum: stable in log space for extreme c and b") {
  const Particles X = normal_matrix(20, 2, 4, 50.0), Y = normal_matrix(700, 2, 5, 50.0);
  Vector b = normal_matrix(700, 1, 6, 300.0).col(0);
  // Exponents far below -745 (std::exp underflows to 0) and far above 709
  // (overflow): only the log-space evaluation survives both.
  compare(X, Y, b, 1e3);
  compare(X, Y, b, 1e-3);
  Particles f;
  Vector l;
  softmax_kernel_sum(X, Y, b, 1e3, f, &l);
  CHECK(f.allFinite());
  CHECK(l.allFinite());
}

TEST_CASE("kernel sum: b = -inf gives exactly zero weight") {
  const Particles Y = normal_matrix(300, 3, 7);
  Vector b = Vector::Constant(300, -std::numeric_limits<double>::infinity());
  b[17] = 0.0;  // the only source with weight
  Particles f;
  Vector l;
  softmax_kernel_sum(normal_matrix(5, 3, 8), Y, b, 0.5, f, &l);
  for (long i = 0; i < 5; ++i) CHECK(f.row(i) == Y.row(17));
}

TEST_CASE("kernel sum: a single dominant source and the self term") {
  // With c huge every query's nearest source takes all the weight.
  const Particles Y = normal_matrix(257, 2, 9);
  Particles f;
  softmax_kernel_sum(Y, Y, Vector(), 1e12, f);
  CHECK((f - Y).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("kernel sum: same bits for 1 and 2 threads (general and symmetric paths)") {
  const Particles X = normal_matrix(999, 2, 10), Y = normal_matrix(1500, 2, 11);
  const Vector b = normal_matrix(1500, 1, 12).col(0);
  for (const bool symmetric : {false, true}) {
    CAPTURE(symmetric);
    const Particles& Q = symmetric ? Y : X;
    Particles f1, f2;
    Vector l1, l2;
    {
      tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
      softmax_kernel_sum(Q, Y, b, 1.3, f1, &l1);
    }
    {
      tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
      softmax_kernel_sum(Q, Y, b, 1.3, f2, &l2);
    }
    CHECK(f1 == f2);
    CHECK(l1 == l2);
  }
}

TEST_CASE("kernel sum: shape mismatches are named") {
  Particles f;
  CHECK_THROWS_AS(softmax_kernel_sum(normal_matrix(3, 2, 1), normal_matrix(4, 3, 1), Vector(), 1.0, f),
                  DimensionMismatch);
  CHECK_THROWS_AS(softmax_kernel_sum(normal_matrix(3, 2, 1), normal_matrix(4, 2, 1), Vector::Zero(5), 1.0, f),
                  DimensionMismatch);
}
