// Long BRWP validation runs (LABELS long): higher dimensions and larger N.
#include "stationary_check.hpp"

using namespace wprox;
using namespace wprox::brwp_tests;

TEST_CASE("5-D isotropic Gaussian: stationary covariance with the finite-N deficit") {
  // T = h = 0.3 keeps the self weight moderate in 5-D (kernel sd sqrt(2T)).
  check_stationary(Matrix::Identity(5, 5), 1.0, 0.3, 0.3, 2000, 200);
}

TEST_CASE("10-D correlated Gaussian: stationary covariance with the finite-N deficit") {
  Matrix A = Matrix::Identity(10, 10);
  for (int i = 0; i + 1 < 10; ++i) A(i, i + 1) = A(i + 1, i) = 0.3;
  check_stationary(A, 1.0, 0.3, 0.3, 4000, 150);
}

TEST_CASE("2-D correlated Gaussian at larger N: the deficit shrinks like 1/N") {
  Matrix A(2, 2);
  A << 1.0, 0.3, 0.3, 0.5;
  check_stationary(A, 2.0, 0.1, 0.1, 4000, 200);
}

TEST_CASE("1-D stationary variance: the O(1/N) finite-N deficit at N = 1000") {
  check_stationary_1d(1000, 0.9893, 3000);
}
