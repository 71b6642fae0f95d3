// Exact TT arithmetic, contractions with the quadrature weights, and
// per-axis linear maps.
#include <cmath>
#include <string>

#include "tt_internal.hpp"
#include "wprox/errors.hpp"
#include "wprox/tensor_train.hpp"

namespace wprox {

namespace {

// Σ_i w[i] G_k(i): the core with its mode integrated out (r_k x r_{k+1}).
Matrix integrated_core(const TensorTrain& tt, int k) {
  const int r = tt.rank(k);
  const std::vector<double>& w = tt.axis(k).weights;
  Matrix W = Matrix::Zero(r, tt.rank(k + 1));
  for (int i = 0; i < tt.size(k); ++i) W += w[std::size_t(i)] * tt.core(k).middleRows(Eigen::Index(r) * i, r);
  return W;
}

// Product of the integrated cores [from, to): r_from x r_to (1 x 1 if empty
// and from == to == 0 or d; identity otherwise).
Matrix integrated_range(const TensorTrain& tt, int from, int to) {
  Matrix P = Matrix::Identity(tt.rank(from), tt.rank(from));
  for (int k = from; k < to; ++k) P = P * integrated_core(tt, k);
  return P;
}

// Σ_i a(i) b(i) Π_k (weighted ? w_k[i_k] : 1), left to right through the
// ra x rb interface matrix.
double contract(const TensorTrain& a, const TensorTrain& b, bool weighted) {
  Matrix phi = Matrix::Ones(1, 1);
  for (int k = 0; k < a.dim(); ++k) {
    const int ra = a.rank(k), rb = b.rank(k);
    Matrix next = Matrix::Zero(a.rank(k + 1), b.rank(k + 1));
    for (int i = 0; i < a.size(k); ++i) {
      const double w = weighted ? a.axis(k).weights[std::size_t(i)] : 1.0;
      next.noalias() += w * (a.core(k).middleRows(Eigen::Index(ra) * i, ra).transpose() *
                             (phi * b.core(k).middleRows(Eigen::Index(rb) * i, rb)));
    }
    phi.swap(next);
  }
  return phi(0, 0);
}

void require_axis_index(const TensorTrain& tt, int k, const char* what) {
  WPROX_REQUIRE(tt.dim() >= 1, InputError, what << ": empty tensor train");
  WPROX_REQUIRE(k >= 0 && k < tt.dim(), InputError,
                what << ": axis " << k << " outside [0, " << tt.dim() << ")");
}

}  // namespace

TensorTrain tt_sum(const TensorTrain& a, const TensorTrain& b, double alpha, double beta) {
  tt_detail::require_same_grid(a, b, "tt_sum");
  const int d = a.dim();
  std::vector<Matrix> cores(static_cast<std::size_t>(d));
  if (d == 1) {
    cores[0] = alpha * a.core(0) + beta * b.core(0);
    return TensorTrain(a.axes(), std::move(cores));
  }
  // Block diagonal in the rank indices, except the first core (side by
  // side) and the last (stacked).
  for (int k = 0; k < d; ++k) {
    const int n = a.size(k);
    const int ra = a.rank(k), rb = b.rank(k), ra1 = a.rank(k + 1), rb1 = b.rank(k + 1);
    const int rl = k == 0 ? 1 : ra + rb, rr = k == d - 1 ? 1 : ra1 + rb1;
    const int bl = k == 0 ? 0 : ra, br = k == d - 1 ? 0 : ra1;  // where b's block starts
    const double sa = k == 0 ? alpha : 1.0, sb = k == 0 ? beta : 1.0;
    Matrix G = Matrix::Zero(Eigen::Index(rl) * n, rr);
    for (int i = 0; i < n; ++i) {
      G.block(Eigen::Index(rl) * i, 0, ra, ra1) = sa * a.core(k).middleRows(Eigen::Index(ra) * i, ra);
      G.block(Eigen::Index(rl) * i + bl, br, rb, rb1) = sb * b.core(k).middleRows(Eigen::Index(rb) * i, rb);
    }
    cores[std::size_t(k)] = std::move(G);
  }
  return TensorTrain(a.axes(), std::move(cores));
}

TensorTrain tt_hadamard(const TensorTrain& a, const TensorTrain& b) {
  tt_detail::require_same_grid(a, b, "tt_hadamard");
  std::vector<Matrix> cores(static_cast<std::size_t>(a.dim()));
  for (int k = 0; k < a.dim(); ++k) {
    const int n = a.size(k);
    const int ra = a.rank(k), rb = b.rank(k), ra1 = a.rank(k + 1), rb1 = b.rank(k + 1);
    // Rank index (a1, a2) -> a1 + ra * a2 on both sides.
    Matrix G(Eigen::Index(ra) * rb * n, Eigen::Index(ra1) * rb1);
    for (int i = 0; i < n; ++i) {
      const auto A = a.core(k).middleRows(Eigen::Index(ra) * i, ra);
      const auto B = b.core(k).middleRows(Eigen::Index(rb) * i, rb);
      const Eigen::Index row0 = Eigen::Index(ra) * rb * i;
      for (int b2 = 0; b2 < rb1; ++b2)
        for (int b1 = 0; b1 < ra1; ++b1)
          for (int a2 = 0; a2 < rb; ++a2)
            for (int a1 = 0; a1 < ra; ++a1)
              G(row0 + a1 + Eigen::Index(ra) * a2, b1 + Eigen::Index(ra1) * b2) = A(a1, b1) * B(a2, b2);
    }
    cores[std::size_t(k)] = std::move(G);
  }
  return TensorTrain(a.axes(), std::move(cores));
}

double tt_integral(const TensorTrain& tt) {
  WPROX_REQUIRE(tt.dim() >= 1, InputError, "tt_integral: empty tensor train");
  return integrated_range(tt, 0, tt.dim())(0, 0);
}

double tt_inner(const TensorTrain& a, const TensorTrain& b) {
  tt_detail::require_same_grid(a, b, "tt_inner");
  return contract(a, b, true);
}

double tt_dot(const TensorTrain& a, const TensorTrain& b) {
  tt_detail::require_same_grid(a, b, "tt_dot");
  return contract(a, b, false);
}

Vector tt_marginal(const TensorTrain& tt, int k) {
  require_axis_index(tt, k, "tt_marginal");
  const Matrix L = integrated_range(tt, 0, k);             // 1 x r_k
  const Matrix R = integrated_range(tt, k + 1, tt.dim());  // r_{k+1} x 1
  const int r = tt.rank(k);
  Vector m(tt.size(k));
  for (int i = 0; i < tt.size(k); ++i) m[i] = (L * tt.core(k).middleRows(Eigen::Index(r) * i, r) * R)(0, 0);
  return m;
}

Matrix tt_marginal(const TensorTrain& tt, int k, int l) {
  require_axis_index(tt, k, "tt_marginal");
  require_axis_index(tt, l, "tt_marginal");
  WPROX_REQUIRE(k != l, InputError, "tt_marginal: the two axes are both " << k << ", need two different axes");
  if (k > l) return tt_marginal(tt, l, k).transpose();
  const Matrix L = integrated_range(tt, 0, k);             // 1 x r_k
  const Matrix M = integrated_range(tt, k + 1, l);         // r_{k+1} x r_l
  const Matrix R = integrated_range(tt, l + 1, tt.dim());  // r_{l+1} x 1
  const int rk = tt.rank(k), rl = tt.rank(l);
  Matrix U(tt.size(k), rl), V(rl, tt.size(l));
  for (int i = 0; i < tt.size(k); ++i) U.row(i) = L * tt.core(k).middleRows(Eigen::Index(rk) * i, rk) * M;
  for (int j = 0; j < tt.size(l); ++j) V.col(j) = tt.core(l).middleRows(Eigen::Index(rl) * j, rl) * R;
  return U * V;
}

TensorTrain tt_apply(const TensorTrain& tt, const std::vector<Matrix>& A, std::vector<TTAxis> out_axes) {
  const int d = tt.dim();
  WPROX_REQUIRE(d >= 1, InputError, "tt_apply: empty tensor train");
  WPROX_REQUIRE(int(A.size()) == d, DimensionMismatch,
                "tt_apply: " << A.size() << " matrices for a tensor train of dimension " << d);
  WPROX_REQUIRE(int(out_axes.size()) == d, DimensionMismatch,
                "tt_apply: " << out_axes.size() << " output axes for a tensor train of dimension " << d);
  std::vector<Matrix> cores(static_cast<std::size_t>(d));
  for (int k = 0; k < d; ++k) {
    const Matrix& Ak = A[std::size_t(k)];
    const TTAxis& out = out_axes[std::size_t(k)];
    if (Ak.size() == 0) {
      WPROX_REQUIRE(out.nodes == tt.axis(k).nodes && out.weights == tt.axis(k).weights, InputError,
                    "tt_apply: axis " << k << " has no matrix (identity) but its output axis differs from the input");
      cores[std::size_t(k)] = tt.core(k);
      continue;
    }
    const int n = tt.size(k), r = tt.rank(k), r1 = tt.rank(k + 1);
    WPROX_REQUIRE(Ak.cols() == n, DimensionMismatch,
                  "tt_apply: matrix " << k << " has " << Ak.cols() << " columns but axis " << k << " has " << n
                                      << " nodes");
    const Eigen::Index m = Ak.rows();
    WPROX_REQUIRE(m == out.size(), DimensionMismatch,
                  "tt_apply: matrix " << k << " has " << m << " rows but output axis " << k << " has " << out.size()
                                      << " nodes");
    // With the (a, i, b) Fortran layout, each b is an r x n block whose
    // columns are the mode: the map is that block times A^T.
    Matrix G(Eigen::Index(r) * m, r1);
    for (int b = 0; b < r1; ++b)
      tt_detail::MutMap(G.data() + Eigen::Index(r) * m * b, r, m).noalias() =
          tt_detail::ConstMap(tt.core(k).data() + Eigen::Index(r) * n * b, r, n) * Ak.transpose();
    cores[std::size_t(k)] = std::move(G);
  }
  return TensorTrain(std::move(out_axes), std::move(cores));
}

TensorTrain tt_apply(const TensorTrain& tt, const std::vector<Matrix>& A) {
  for (std::size_t k = 0; k < A.size(); ++k)
    WPROX_REQUIRE(A[k].rows() == A[k].cols(), DimensionMismatch,
                  "tt_apply: matrix " << k << " is " << A[k].rows() << " x " << A[k].cols()
                                      << ", need a square matrix to keep the axes");
  return tt_apply(tt, A, tt.axes());
}

Matrix tt_gaussian_convolution_matrix(const TTAxis& in, const TTAxis& out, double c) {
  tt_check_axis(in, "tt_gaussian_convolution_matrix input axis");
  tt_check_axis(out, "tt_gaussian_convolution_matrix output axis");
  WPROX_REQUIRE(std::isfinite(c) && c > 0, InputError,
                "tt_gaussian_convolution_matrix: c = " << c << ", need a finite c > 0 (c = beta / (4 T))");
  Matrix K(out.size(), in.size());
  for (int j = 0; j < in.size(); ++j)
    for (int i = 0; i < out.size(); ++i) {
      const double s = out.nodes[std::size_t(i)] - in.nodes[std::size_t(j)];
      K(i, j) = std::exp(-c * s * s) * in.weights[std::size_t(j)];
    }
  return K;
}

}  // namespace wprox
