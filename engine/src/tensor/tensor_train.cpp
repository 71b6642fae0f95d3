#include "wprox/tensor_train.hpp"

#include <algorithm>
#include <string>

#include "tt_internal.hpp"
#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

namespace wprox {

TensorTrain::TensorTrain(std::vector<TTAxis> axes, std::vector<Matrix> cores)
    : axes_(std::move(axes)), cores_(std::move(cores)) {
  const int d = int(axes_.size());
  WPROX_REQUIRE(d >= 1, InputError, "tensor train: no axes, need at least 1");
  WPROX_REQUIRE(cores_.size() == axes_.size(), DimensionMismatch,
                "tensor train: " << d << " axes but " << cores_.size() << " cores");
  Eigen::Index r = 1;
  for (int k = 0; k < d; ++k) {
    tt_check_axis(axes_[std::size_t(k)], "tensor train axis " + std::to_string(k));
    const Matrix& G = cores_[std::size_t(k)];
    const int n = axes_[std::size_t(k)].size();
    WPROX_REQUIRE(G.rows() == r * n, DimensionMismatch,
                  "tensor train: core " << k << " has " << G.rows() << " rows, expected r_" << k << " * n_" << k
                                        << " = " << r << " * " << n << " = " << r * n);
    WPROX_REQUIRE(G.cols() >= 1, InputError, "tensor train: core " << k << " has no columns (rank 0)");
    r = G.cols();
  }
  WPROX_REQUIRE(r == 1, DimensionMismatch, "tensor train: the last core has " << r << " columns, need r_d = 1");
}

int TensorTrain::rank(int k) const {
  WPROX_REQUIRE(k >= 0 && k <= dim(), InputError, "tensor train: rank index " << k << " outside [0, " << dim() << "]");
  return k == dim() ? 1 : int(cores_[std::size_t(k)].rows()) / size(k);
}

std::vector<int> TensorTrain::sizes() const { return tt_detail::sizes_of(axes_); }

std::vector<int> TensorTrain::ranks() const {
  std::vector<int> r(std::size_t(dim()) + 1);
  for (int k = 0; k <= dim(); ++k) r[std::size_t(k)] = rank(k);
  return r;
}

int TensorTrain::max_rank() const {
  const std::vector<int> r = ranks();
  return *std::max_element(r.begin(), r.end());
}

long TensorTrain::parameters() const {
  long p = 0;
  for (const Matrix& G : cores_) p += long(G.size());
  return p;
}

void TensorTrain::scale(double c) {
  WPROX_REQUIRE(dim() >= 1, InputError, "tensor train: scale() on an empty tensor train");
  cores_[0] *= c;
}

TensorTrain tt_separable(std::vector<TTAxis> axes, const std::vector<Vector>& factors) {
  WPROX_REQUIRE(factors.size() == axes.size(), DimensionMismatch,
                "tt_separable: " << axes.size() << " axes but " << factors.size() << " factors");
  std::vector<Matrix> cores(axes.size());
  for (std::size_t k = 0; k < axes.size(); ++k) {
    WPROX_REQUIRE(factors[k].size() == axes[k].size(), DimensionMismatch,
                  "tt_separable: factor " << k << " has " << factors[k].size() << " entries but axis " << k
                                          << " has " << axes[k].size() << " nodes");
    cores[k] = factors[k];
  }
  return TensorTrain(std::move(axes), std::move(cores));
}

TensorTrain tt_constant(std::vector<TTAxis> axes, double value) {
  std::vector<Vector> f;
  for (std::size_t k = 0; k < axes.size(); ++k) f.push_back(Vector::Constant(axes[k].size(), k == 0 ? value : 1.0));
  return tt_separable(std::move(axes), f);
}

std::vector<double> tt_full(const TensorTrain& tt) {
  WPROX_REQUIRE(tt.dim() >= 1, InputError, "tt_full: empty tensor train");
  double total = 1.0;
  for (int n : tt.sizes()) total *= n;
  WPROX_REQUIRE(total <= double(1L << 27), InputError,
                "tt_full: " << total << " entries, at most 2^27 = " << (1L << 27) << " allowed");
  // W holds the partial products over the leading axes: row p (C order of
  // the indices so far), column the open rank index.
  Matrix W = Matrix::Ones(1, 1);
  for (int k = 0; k < tt.dim(); ++k) {
    const int n = tt.size(k), r = tt.rank(k), r1 = tt.rank(k + 1);
    const Matrix& G = tt.core(k);
    Matrix next(W.rows() * n, r1);
    for (int i = 0; i < n; ++i) {
      const Matrix part = W * G.middleRows(Eigen::Index(r) * i, r);
      for (Eigen::Index p = 0; p < W.rows(); ++p) next.row(p * n + i) = part.row(p);
    }
    W.swap(next);
  }
  return std::vector<double>(W.data(), W.data() + W.size());
}

void tt_evaluate_indices(const TensorTrain& tt, const IndexMatrix& idx, Vector& values) {
  const int d = tt.dim();
  WPROX_REQUIRE(d >= 1, InputError, "tt_evaluate_indices: empty tensor train");
  WPROX_REQUIRE(idx.cols() == d, DimensionMismatch,
                "tt_evaluate_indices: indices have " << idx.cols() << " columns but the tensor train has dimension "
                                                     << d);
  const long m = long(idx.rows());
  for (long p = 0; p < m; ++p)
    for (int k = 0; k < d; ++k)
      WPROX_REQUIRE(idx(p, k) >= 0 && idx(p, k) < tt.size(k), InputError,
                    "tt_evaluate_indices: row " << p << " has index " << idx(p, k) << " on axis " << k
                                                << ", allowed [0, " << tt.size(k) << ")");
  values.resize(m);
  const std::vector<int> ranks = tt.ranks();
  parallel_for(m, [&](long b, long e) {
    Eigen::RowVectorXd v, w;
    for (long p = b; p < e; ++p) {
      v = tt.core(0).row(idx(p, 0));
      for (int k = 1; k < d; ++k) {
        const int r = ranks[std::size_t(k)];
        w.noalias() = v * tt.core(k).middleRows(Eigen::Index(r) * idx(p, k), r);
        v.swap(w);
      }
      values[p] = v[0];
    }
  }, 64);
}

std::size_t tt_bytes(const std::vector<int>& sizes, const std::vector<int>& ranks) {
  WPROX_REQUIRE(ranks.size() == sizes.size() + 1, DimensionMismatch,
                "tt_bytes: " << sizes.size() << " sizes need " << sizes.size() + 1 << " ranks, got " << ranks.size());
  std::size_t total = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k)
    total += sizeof(double) * std::size_t(std::max(ranks[k], 0)) * std::size_t(std::max(sizes[k], 0)) *
             std::size_t(std::max(ranks[k + 1], 0));
  return total;
}

}  // namespace wprox
