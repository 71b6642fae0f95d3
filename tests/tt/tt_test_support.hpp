#pragma once
// Test functions with known tensor trains and closed forms, shared by the
// tensor-train test files.
#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <vector>

#include <wprox/random.hpp>
#include <wprox/tensor_train.hpp>

namespace tt_test {

using namespace wprox;

// A TT with the given sizes and ranks (r_0 = r_d = 1) and standard normal
// core entries, on index axes.
inline TensorTrain random_tt(const std::vector<int>& sizes, const std::vector<int>& ranks, std::uint64_t seed) {
  std::vector<Matrix> cores;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    RandomStream rs(seed, k, 0);
    Matrix G(ranks[k] * sizes[k], ranks[k + 1]);
    for (Eigen::Index j = 0; j < G.cols(); ++j)
      for (Eigen::Index i = 0; i < G.rows(); ++i) G(i, j) = rs.normal();
    cores.push_back(G);
  }
  return TensorTrain(tt_index_axes(sizes), cores);
}

// The symmetric tridiagonal precision with `diag` on the diagonal and
// `rho` next to it: A = diag I + rho (path adjacency).
inline Matrix chain_precision(int d, double diag, double rho) {
  Matrix A = diag * Matrix::Identity(d, d);
  for (int k = 0; k + 1 < d; ++k) A(k, k + 1) = A(k + 1, k) = rho;
  return A;
}

// exp(-x^T A x / 2) for the chain precision above, exactly, as a TT of rank
// n on d copies of `axis`: exp(-x^T A x / 2) = Π_k exp(-diag x_k^2 / 2)
// Π_k exp(-rho x_{k-1} x_k), and core k carries its node index to the
// right (G_k[a, i, b] = δ_ib exp(-diag x_i^2 / 2 - rho x_a x_i)) so that
// the coupling in the next core can read it.
inline TensorTrain gaussian_chain_tt(const TTAxis& axis, int d, double diag, double rho) {
  const int n = axis.size();
  const std::vector<double>& x = axis.nodes;
  std::vector<Matrix> cores;
  for (int k = 0; k < d; ++k) {
    const int rl = k == 0 ? 1 : n, rr = k == d - 1 ? 1 : n;
    Matrix G = Matrix::Zero(Eigen::Index(rl) * n, rr);
    for (int a = 0; a < rl; ++a)
      for (int i = 0; i < n; ++i) {
        const double xi = x[std::size_t(i)];
        const double coupling = k == 0 ? 0.0 : rho * x[std::size_t(a)] * xi;
        G(a + Eigen::Index(rl) * i, rr == 1 ? 0 : i) = std::exp(-0.5 * diag * xi * xi - coupling);
      }
    cores.push_back(G);
  }
  return TensorTrain(std::vector<TTAxis>(std::size_t(d), axis), cores);
}

// (2 pi)^{d/2} det(A)^{-1/2} = ∫ exp(-x^T A x / 2) dx over R^d.
inline double gaussian_integral(const Matrix& A) {
  const Eigen::LLT<Matrix> llt(A);
  const double logdet = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
  return std::exp(0.5 * A.rows() * std::log(2.0 * M_PI) - 0.5 * logdet);
}

// Σ_k P(|x_k| > L) for x ~ N(0, A^{-1}): a bound on the fraction of the
// Gaussian's mass outside the box [-L, L]^d.
inline double mass_outside_box(const Matrix& A, double L) {
  const Matrix S = A.inverse();
  double p = 0.0;
  for (Eigen::Index k = 0; k < A.rows(); ++k) p += std::erfc(L / std::sqrt(2.0 * S(k, k)));
  return p;
}

inline double quadratic_form(const Matrix& A, const double* x) {
  const Eigen::Map<const Vector> v(x, A.rows());
  return v.dot(A * v);
}

// The Lebesgue constant max_x Σ_j |l_j(x)| of an axis' interpolation rule
// on its interval (sampled at 2001 points): the factor by which the
// interpolant can amplify an error in the node values, and the one that
// turns 1-D interpolation errors into a bound for the tensor product.
inline double lebesgue_constant(const TTAxis& axis) {
  const int n = axis.size(), m = 2001;
  RowMatrix x(m, 1);
  for (int p = 0; p < m; ++p) x(p, 0) = axis.lo + (axis.hi - axis.lo) * p / (m - 1.0);
  Vector sum = Vector::Zero(m), v;
  for (int j = 0; j < n; ++j) {
    tt_evaluate(tt_separable({axis}, {Vector::Unit(n, j)}), x, v);
    sum += v.cwiseAbs();
  }
  return sum.maxCoeff();
}

// max over [lo, hi] (2001 samples) of |I g - g| for a 1-D function g on
// `axis`, where I is the axis' interpolation rule; also the derivative.
template <class G, class DG>
void interpolation_error_1d(const TTAxis& axis, const G& g, const DG& dg, double& value_err, double& deriv_err) {
  const int n = axis.size(), m = 2001;
  Vector f(n);
  for (int i = 0; i < n; ++i) f[i] = g(axis.nodes[std::size_t(i)]);
  RowMatrix x(m, 1), grad;
  for (int p = 0; p < m; ++p) x(p, 0) = axis.lo + (axis.hi - axis.lo) * p / (m - 1.0);
  Vector v;
  tt_evaluate(tt_separable({axis}, {f}), x, v, &grad);
  value_err = deriv_err = 0.0;
  for (int p = 0; p < m; ++p) {
    value_err = std::max(value_err, std::fabs(v[p] - g(x(p, 0))));
    deriv_err = std::max(deriv_err, std::fabs(grad(p, 0) - dg(x(p, 0))));
  }
}

}  // namespace tt_test
