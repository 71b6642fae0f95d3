#include <Eigen/LU>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <cmath>
#include <numeric>

#include "tt_internal.hpp"
#include "wprox/errors.hpp"
#include "wprox/random.hpp"

namespace wprox::tt_detail {

Svd thin_svd(const Matrix& A) {
  // BDCSVD falls back to one-sided Jacobi below 16 columns, where Jacobi is
  // the more accurate; above, divide and conquer keeps large supercores fast.
  Eigen::BDCSVD<Matrix> svd(A, Eigen::ComputeThinU | Eigen::ComputeThinV);
  return Svd{svd.matrixU(), svd.singularValues(), svd.matrixV()};
}

namespace {

Matrix orthonormal_basis(const Matrix& Y) {
  Eigen::HouseholderQR<Matrix> qr(Y);
  return qr.householderQ() * Matrix::Identity(Y.rows(), std::min(Y.rows(), Y.cols()));
}

// Keeps the leading r of (U, s, V) given the SVD of what is left after an
// exactly known residual: the discarded parts are orthogonal, so the
// squares add.
Truncation truncate(const Matrix& U, const Vector& s, const Matrix& V, double residual, double max_discard,
                    int max_rank) {
  Truncation t;
  const double budget2 = max_discard * max_discard - residual * residual;
  double tail = 0.0;
  const int r = choose_rank(s, budget2 > 0 ? std::sqrt(budget2) : 0.0, max_rank, &tail, &t.capped);
  if (budget2 <= 0 && residual > max_discard) t.capped = t.capped || r >= max_rank;
  t.U = U.leftCols(r);
  t.s = s.head(r);
  t.V = V.leftCols(r);
  t.discarded = std::hypot(residual, tail);
  return t;
}

}  // namespace

Truncation truncated_svd(const Matrix& A, double max_discard, int max_rank, int rank_hint, std::uint64_t seed,
                         std::uint64_t purpose, std::uint64_t item) {
  constexpr int kOversample = 8;
  const Eigen::Index m = A.rows(), c = A.cols(), mn = std::min(m, c);
  Eigen::Index k = std::min<Eigen::Index>(mn, std::max(rank_hint, 1) + kOversample);
  for (std::uint64_t attempt = 0;; ++attempt) {
    // A sketch that is not much smaller than A saves nothing: full SVD.
    if (2 * k >= mn) {
      const Svd svd = thin_svd(A);
      return truncate(svd.U, svd.s, svd.V, 0.0, max_discard, max_rank);
    }
    RandomStream rs(seed, purpose, item, attempt);
    Matrix omega(c, k);
    for (Eigen::Index j = 0; j < k; ++j)
      for (Eigen::Index i = 0; i < c; ++i) omega(i, j) = rs.normal();
    const Matrix Q = orthonormal_basis(A * omega);
    const Matrix W = Q.transpose() * A;
    const double residual = (A - Q * W).norm();
    // Done when the part outside the sketch leaves at least half the budget
    // for truncation, or when a larger sketch could not raise the rank past
    // the cap anyway.
    if (residual <= 0.5 * max_discard || k >= max_rank + kOversample) {
      const Svd svd = thin_svd(W);
      return truncate(Q * svd.U, svd.s, svd.V, residual, max_discard, max_rank);
    }
    k = std::min(mn, 2 * k);
  }
}

int choose_rank(const Vector& s, double max_discard, int max_rank, double* discarded, bool* capped) {
  const int n = int(s.size());
  if (capped) *capped = false;
  if (n == 0) {
    if (discarded) *discarded = 0.0;
    return 1;
  }
  // tail[r] = |s_{r..n-1}|_2, accumulated from the small end so that tiny
  // tails are not lost against the large leading values.
  std::vector<double> tail(std::size_t(n) + 1, 0.0);
  for (int j = n - 1; j >= 0; --j) tail[std::size_t(j)] = std::hypot(tail[std::size_t(j) + 1], s[j]);
  int r = 1;
  while (r < n && tail[std::size_t(r)] > max_discard) ++r;
  if (r > max_rank) {
    r = max_rank;
    if (capped) *capped = true;
  }
  if (discarded) *discarded = tail[std::size_t(r)];
  return r;
}

std::vector<int> maxvol(const Matrix& A, double growth) {
  const int m = int(A.rows()), r = int(A.cols());
  // Start: the row pivots of Gaussian elimination with partial pivoting,
  // already a submatrix whose volume is within a modest factor of the max.
  Matrix W = A;
  std::vector<int> perm(static_cast<std::size_t>(m));
  std::iota(perm.begin(), perm.end(), 0);
  for (int j = 0; j < r; ++j) {
    int p = j;
    for (int i = j + 1; i < m; ++i)
      if (std::fabs(W(i, j)) > std::fabs(W(p, j))) p = i;
    if (p != j) {
      W.row(j).swap(W.row(p));
      std::swap(perm[std::size_t(j)], perm[std::size_t(p)]);
    }
    const double piv = W(j, j);
    if (piv == 0.0) continue;  // rank-deficient column: any row will do
    for (int i = j + 1; i < m; ++i) {
      const double l = W(i, j) / piv;
      if (l != 0.0) W.row(i).tail(r - j - 1) -= l * W.row(j).tail(r - j - 1);
    }
  }
  std::vector<int> rows(perm.begin(), perm.begin() + r);

  // B = A A[rows]^{-1}; its rows at `rows` are the unit vectors. Swapping
  // row i into slot j multiplies the volume by |B(i, j)|, and B follows by
  // a rank-1 (Sherman-Morrison) update.
  Matrix sub(r, r);
  for (int j = 0; j < r; ++j) sub.row(j) = A.row(rows[std::size_t(j)]);
  Eigen::FullPivLU<Matrix> lu(sub.transpose());
  if (!lu.isInvertible()) return rows;  // degenerate input: keep the elimination pivots
  Matrix B = lu.solve(A.transpose()).transpose();
  const int max_swaps = 100 * r + 100;
  for (int it = 0; it < max_swaps; ++it) {
    int bi = 0, bj = 0;
    double best = -1.0;
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < r; ++j) {
        const double v = std::fabs(B(i, j));
        if (v > best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    if (!(best > growth)) break;
    const double pivot = B(bi, bj);
    const Vector col = B.col(bj);
    Eigen::RowVectorXd row = B.row(bi);
    row(bj) -= 1.0;
    B.noalias() -= col * (row / pivot);
    rows[std::size_t(bj)] = bi;
  }
  return rows;
}

void thin_qr(const Matrix& A, Matrix& Q, Matrix& R) {
  const Eigen::Index m = A.rows(), n = A.cols(), k = std::min(m, n);
  Eigen::HouseholderQR<Matrix> qr(A);
  Q = qr.householderQ() * Matrix::Identity(m, k);
  R = qr.matrixQR().topRows(k);
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = j + 1; i < k; ++i) R(i, j) = 0.0;
}

void require_same_grid(const TensorTrain& a, const TensorTrain& b, const char* what) {
  WPROX_REQUIRE(a.dim() == b.dim(), DimensionMismatch,
                what << ": the tensor trains have dimensions " << a.dim() << " and " << b.dim());
  for (int k = 0; k < a.dim(); ++k) {
    WPROX_REQUIRE(a.size(k) == b.size(k), DimensionMismatch,
                  what << ": axis " << k << " has " << a.size(k) << " nodes in one tensor train and " << b.size(k)
                       << " in the other");
    WPROX_REQUIRE(a.axis(k).nodes == b.axis(k).nodes && a.axis(k).weights == b.axis(k).weights, InputError,
                  what << ": axis " << k << " has different nodes or weights in the two tensor trains");
  }
}

void left_orthogonalize(std::vector<Matrix>& cores, const std::vector<int>& sizes) {
  const int d = int(cores.size());
  Matrix Q, R;
  for (int k = 0; k + 1 < d; ++k) {
    thin_qr(cores[std::size_t(k)], Q, R);
    cores[std::size_t(k)] = Q;
    const Matrix& next = cores[std::size_t(k) + 1];
    const int r = int(next.rows()) / sizes[std::size_t(k) + 1];
    const Matrix moved = R * right_unfolding(next, r);
    cores[std::size_t(k) + 1] = reshaped(moved, R.rows() * sizes[std::size_t(k) + 1], next.cols());
  }
}

std::vector<int> sizes_of(const std::vector<TTAxis>& axes) {
  std::vector<int> n;
  n.reserve(axes.size());
  for (const TTAxis& a : axes) n.push_back(a.size());
  return n;
}

}  // namespace wprox::tt_detail
