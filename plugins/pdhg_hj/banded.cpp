#include "banded.hpp"

#include <cassert>
#include <cstdlib>

namespace wprox::pdhg_hj {

void CyclicBanded::factor(const Eigen::SparseMatrix<double>& a, int b) {
  n_ = a.rows();
  b_ = b;
  w_ = 2 * b;
  dense_ = n_ <= 4 * long(b) + 4;
  if (dense_) {
    schur_.compute(Eigen::MatrixXd(a));
    return;
  }
  m_ = n_ - w_;
  lu_.assign(std::size_t((2 * b_ + 1) * m_), 0.0);
  aib_ = Eigen::MatrixXd::Zero(m_, w_);
  abi_ = Eigen::MatrixXd::Zero(w_, m_);
  Eigen::MatrixXd abb = Eigen::MatrixXd::Zero(w_, w_);
  for (int col = 0; col < a.outerSize(); ++col)
    for (Eigen::SparseMatrix<double>::InnerIterator it(a, col); it; ++it) {
      const long i = it.row(), j = it.col();
      if (i < m_ && j < m_) {
        assert(std::labs(j - i) <= b_);
        band(i, j) += it.value();
      } else if (i < m_) {
        aib_(i, j - m_) += it.value();
      } else if (j < m_) {
        abi_(i - m_, j) += it.value();
      } else {
        abb(i - m_, j - m_) += it.value();
      }
    }
  // Band LU of A_II without pivoting: L (unit, below) and U (on and above)
  // overwrite the band.
  for (long k = 0; k < m_; ++k) {
    const double piv = band(k, k);
    for (long i = k + 1; i <= std::min(k + b_, m_ - 1); ++i) {
      const double l = band(i, k) / piv;
      band(i, k) = l;
      if (l == 0.0) continue;
      for (long j = k + 1; j <= std::min(k + b_, m_ - 1); ++j) band(i, j) -= l * band(k, j);
    }
  }
  z_ = aib_;
  for (int c = 0; c < w_; ++c) band_solve(z_.col(c).data());
  schur_.compute(abb - abi_ * z_);
}

void CyclicBanded::band_solve(double* y) const {
  for (long i = 0; i < m_; ++i) {
    double s = y[i];
    for (long k = std::max(0L, i - b_); k < i; ++k) s -= band(i, k) * y[k];
    y[i] = s;
  }
  for (long i = m_ - 1; i >= 0; --i) {
    double s = y[i];
    for (long j = i + 1; j <= std::min(i + b_, m_ - 1); ++j) s -= band(i, j) * y[j];
    y[i] = s / band(i, i);
  }
}

void CyclicBanded::solve(double* x) const {
  if (dense_) {
    Eigen::Map<Eigen::VectorXd> v(x, n_);
    v = schur_.solve(Eigen::VectorXd(v));
    return;
  }
  // y = A_II^{-1} r_I; x_B = S^{-1} (r_B - A_BI y); x_I = y - Z x_B.
  band_solve(x);
  Eigen::Map<Eigen::VectorXd> xi(x, m_), xb(x + m_, w_);
  const Eigen::VectorXd rb = xb - abi_ * xi;
  xb = schur_.solve(rb);
  xi -= z_ * xb;
}

}  // namespace wprox::pdhg_hj
