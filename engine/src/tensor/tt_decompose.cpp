// TT-SVD, rounding and the orthogonalization-based norm.
#include <cmath>

#include "tt_internal.hpp"
#include "wprox/errors.hpp"
#include "wprox/tensor_train.hpp"

namespace wprox {

using tt_detail::choose_rank;
using tt_detail::reshaped;
using tt_detail::right_unfolding;
using tt_detail::thin_svd;

namespace {

void require_truncation(const char* what, double rel_tol, int max_rank) {
  WPROX_REQUIRE(std::isfinite(rel_tol) && rel_tol >= 0, InputError,
                what << ": relative tolerance " << rel_tol << ", need a finite value >= 0");
  WPROX_REQUIRE(max_rank >= 1, InputError, what << ": max_rank " << max_rank << ", need >= 1");
}

// The per-SVD budget that keeps the total under rel_tol * norm: the
// discarded parts of successive SVDs of an orthogonalized train are
// orthogonal, so their squares add.
double step_budget(double rel_tol, double norm, int d) { return d > 1 ? rel_tol * norm / std::sqrt(d - 1.0) : 0.0; }

}  // namespace

TensorTrain tt_svd(std::vector<TTAxis> axes, const double* values, double rel_tol, int max_rank,
                   double* error_bound) {
  require_truncation("tt_svd", rel_tol, max_rank);
  WPROX_REQUIRE(values != nullptr, InputError, "tt_svd: values is null");
  const int d = int(axes.size());
  WPROX_REQUIRE(d >= 1, InputError, "tt_svd: no axes, need at least 1");
  double total = 1.0;
  for (int k = 0; k < d; ++k) {
    tt_check_axis(axes[std::size_t(k)], "tt_svd axis " + std::to_string(k));
    total *= axes[std::size_t(k)].size();
  }
  WPROX_REQUIRE(total <= double(1L << 31), InputError,
                "tt_svd: " << total << " entries, at most 2^31 allowed (the full tensor must fit in memory)");
  const long N = long(total);
  const double norm = Eigen::Map<const Vector>(values, N).norm();
  const double budget = step_budget(rel_tol, norm, d);

  std::vector<Matrix> cores(static_cast<std::size_t>(d));
  // Right to left. X is the unfolding whose rows run over the leading
  // indices (C order) and whose columns are (i_k, b) with i_k fastest, so
  // that V^T of its SVD is core k's right unfolding as stored.
  const int nl = axes.back().size();
  Matrix X = Eigen::Map<const RowMatrix>(values, N / nl, nl);
  double discarded2 = 0.0;
  int r_right = 1;
  for (int k = d - 1; k >= 1; --k) {
    const int n = axes[std::size_t(k)].size();
    const tt_detail::Svd svd = thin_svd(X);
    double disc = 0.0;
    const int r = choose_rank(svd.s, budget, max_rank, &disc);
    discarded2 += disc * disc;
    const Matrix Vt = svd.V.leftCols(r).transpose();
    cores[std::size_t(k)] = reshaped(Vt, Eigen::Index(r) * n, r_right);
    const Matrix Y = svd.U.leftCols(r) * svd.s.head(r).asDiagonal();
    const int np = axes[std::size_t(k) - 1].size();
    const Eigen::Index rows = Y.rows() / np;
    Matrix next(rows, Eigen::Index(np) * r);
    for (int a = 0; a < r; ++a)
      for (Eigen::Index p = 0; p < rows; ++p)
        for (int i = 0; i < np; ++i) next(p, i + Eigen::Index(np) * a) = Y(p * np + i, a);
    X.swap(next);
    r_right = r;
  }
  cores[0] = reshaped(X, axes[0].size(), r_right);
  if (error_bound) *error_bound = norm > 0 ? std::sqrt(discarded2) / norm : 0.0;
  return TensorTrain(std::move(axes), std::move(cores));
}

TensorTrain tt_svd(const std::vector<int>& sizes, const double* values, double rel_tol, int max_rank,
                   double* error_bound) {
  return tt_svd(tt_index_axes(sizes), values, rel_tol, max_rank, error_bound);
}

double tt_round(TensorTrain& tt, double rel_tol, int max_rank) {
  require_truncation("tt_round", rel_tol, max_rank);
  const int d = tt.dim();
  WPROX_REQUIRE(d >= 1, InputError, "tt_round: empty tensor train");
  const std::vector<int> n = tt.sizes();
  std::vector<Matrix> cores = tt.cores();
  tt_detail::left_orthogonalize(cores, n);
  const double norm = cores.back().norm();
  const double budget = step_budget(rel_tol, norm, d);
  double discarded2 = 0.0;
  for (int k = d - 1; k >= 1; --k) {
    Matrix& G = cores[std::size_t(k)];
    const int r = int(G.rows()) / n[std::size_t(k)];
    const Eigen::Index r_next = G.cols();
    const tt_detail::Svd svd = thin_svd(right_unfolding(G, r));
    double disc = 0.0;
    const int rk = choose_rank(svd.s, budget, max_rank, &disc);
    discarded2 += disc * disc;
    const Matrix Vt = svd.V.leftCols(rk).transpose();
    G = reshaped(Vt, Eigen::Index(rk) * n[std::size_t(k)], r_next);
    Matrix& P = cores[std::size_t(k) - 1];
    P = P * (svd.U.leftCols(rk) * svd.s.head(rk).asDiagonal());
  }
  tt = TensorTrain(tt.axes(), std::move(cores));
  return norm > 0 ? std::sqrt(discarded2) / norm : 0.0;
}

double tt_norm(const TensorTrain& tt) {
  WPROX_REQUIRE(tt.dim() >= 1, InputError, "tt_norm: empty tensor train");
  std::vector<Matrix> cores = tt.cores();
  tt_detail::left_orthogonalize(cores, tt.sizes());
  return cores.back().norm();
}

}  // namespace wprox
