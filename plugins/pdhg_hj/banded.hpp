#pragma once
// Linear systems on a 1-D grid: a band matrix of half-bandwidth b whose
// band may wrap around (a periodic axis), A(i, j) != 0 only when the cyclic
// distance of i and j is at most b. Solved in O(n b^2) by a band LU of the
// interior block (no pivoting: the matrices here are diagonally dominant
// M-matrices or symmetric positive definite) and a dense Schur complement
// on a border of 2b unknowns, the last ones, which carries the wrap-around
// (zero on a Neumann axis: then the border is just part of the band).
// Small systems (n <= 4b + 4) are factored densely with partial pivoting.
#include <vector>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

namespace wprox::pdhg_hj {

class CyclicBanded {
 public:
  // Factors A (n x n); every nonzero must lie within cyclic distance b of
  // the diagonal (InputError-free: a violation is a bug, checked by assert).
  void factor(const Eigen::SparseMatrix<double>& a, int b);
  // x = A^{-1} x in place.
  void solve(double* x) const;
  long size() const { return n_; }

 private:
  double& band(long i, long j) { return lu_[std::size_t((j - i + b_) * m_ + i)]; }
  double band(long i, long j) const { return lu_[std::size_t((j - i + b_) * m_ + i)]; }
  void band_solve(double* y) const;  // interior: y = A_II^{-1} y

  long n_ = 0, m_ = 0;  // size, interior size (n - 2b)
  int b_ = 0, w_ = 0;   // half-bandwidth, border width
  std::vector<double> lu_;             // band LU of A_II, (2b + 1) x m
  Eigen::MatrixXd aib_, abi_, z_;      // A_IB (m x w), A_BI (w x m), Z = A_II^{-1} A_IB
  Eigen::PartialPivLU<Eigen::MatrixXd> schur_;  // of A_BB - A_BI Z, or of A when dense
  bool dense_ = false;
};

}  // namespace wprox::pdhg_hj
