// The private kernels under the cross: maxvol and the sketched truncated
// SVD, against their defining properties.
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>

#include "testing.hpp"
#include "tt_internal.hpp"
#include "tt_test_support.hpp"

using namespace wprox;

namespace {

Matrix gaussian_matrix(Eigen::Index m, Eigen::Index n, std::uint64_t seed) {
  Matrix A(m, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    RandomStream rs(seed, std::uint64_t(j), 0);
    for (Eigen::Index i = 0; i < m; ++i) A(i, j) = rs.normal();
  }
  return A;
}

Matrix orthonormal(Eigen::Index m, Eigen::Index n, std::uint64_t seed) {
  Eigen::HouseholderQR<Matrix> qr(gaussian_matrix(m, n, seed));
  return qr.householderQ() * Matrix::Identity(m, n);
}

}  // namespace

TEST_CASE("maxvol: no row swap can grow the volume by more than 1.01") {
  const Matrix A = gaussian_matrix(200, 10, 3);
  const std::vector<int> rows = tt_detail::maxvol(A);
  REQUIRE(rows.size() == 10);
  Matrix sub(10, 10);
  for (int j = 0; j < 10; ++j) sub.row(j) = A.row(rows[std::size_t(j)]);
  // B = A sub^{-1}: |B(i, j)| is the volume factor of putting row i in slot j.
  const Matrix B = A * sub.inverse();
  CHECK(B.cwiseAbs().maxCoeff() <= 1.01 + 1e-10);
  std::vector<int> sorted = rows;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

TEST_CASE("sketched truncated SVD: exact residual accounting, the full SVD's rank, caps") {
  // A = U diag(2^-j) V^T, 300 x 250, numerical rank ~40 at 1e-12. The full
  // SVD's optimal rank r* for a budget delta is the smallest r with
  // sqrt(Σ_{j >= r} s_j^2) <= delta. The sketch (started far too small,
  // hint 2) must double up to it, and may keep one more vector than r*
  // because it leaves the part outside the sketch (<= delta / 2) in the
  // budget. The reported discarded norm is ||A - U S V^T||_F itself, to
  // rounding (~eps ||A|| = 2e-16).
  const int m = 300, c = 250, q = 60;
  Vector s(q);
  for (int j = 0; j < q; ++j) s[j] = std::pow(0.5, j);
  const Matrix A = orthonormal(m, q, 1) * s.asDiagonal() * orthonormal(c, q, 2).transpose();
  const double delta = 1e-6 * A.norm();
  int rstar = 0;
  {
    double tail2 = s.squaredNorm();
    while (std::sqrt(tail2) > delta) tail2 -= s[rstar] * s[rstar], ++rstar;
  }
  const tt_detail::Truncation t = tt_detail::truncated_svd(A, delta, 100, 2, 7, 0, 3);
  const int r = int(t.U.cols());
  CHECK(r >= rstar);
  CHECK(r <= rstar + 1);
  CHECK_FALSE(t.capped);
  CHECK(t.discarded <= delta);
  const double actual = (A - t.U * t.s.asDiagonal() * t.V.transpose()).norm();
  CHECK(std::fabs(actual - t.discarded) <= 1e-13 * A.norm());
  CHECK((t.U.transpose() * t.U - Matrix::Identity(r, r)).cwiseAbs().maxCoeff() < 1e-13);
  CHECK((t.V.transpose() * t.V - Matrix::Identity(r, r)).cwiseAbs().maxCoeff() < 1e-13);

  // Same inputs, same bits.
  const tt_detail::Truncation again = tt_detail::truncated_svd(A, delta, 100, 2, 7, 0, 3);
  CHECK((again.U.array() == t.U.array()).all());

  // A cap below r*: rank = cap, flagged, and the discarded norm is still
  // the true error (now above the budget).
  const tt_detail::Truncation capped = tt_detail::truncated_svd(A, delta, 5, 2, 7, 1, 3);
  CHECK(capped.U.cols() == 5);
  CHECK(capped.capped);
  const double capped_err = (A - capped.U * capped.s.asDiagonal() * capped.V.transpose()).norm();
  CHECK(capped.discarded > delta);
  CHECK(std::fabs(capped_err - capped.discarded) <= 1e-13 * A.norm());
  // Near-optimal at the cap: the best rank-5 error is sqrt(Σ_{j >= 5} s_j^2).
  CHECK(capped_err <= 1.01 * s.tail(q - 5).norm());

  // Small matrices take the full SVD: exactly the optimal rank.
  const Matrix small = A.topLeftCorner(20, 20);
  const tt_detail::Truncation full = tt_detail::truncated_svd(small, 1e-3 * small.norm(), 100, 2, 7, 2, 3);
  const Eigen::JacobiSVD<Matrix> ref(small);
  int rref = 0;
  while ((ref.singularValues().tail(20 - rref)).norm() > 1e-3 * small.norm()) ++rref;
  CHECK(full.U.cols() == std::max(rref, 1));
}
