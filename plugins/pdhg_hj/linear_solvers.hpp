#pragma once
// The linear solvers newton-hj and pdhg-hj use on the linearized implicit
// scheme (implicit_scheme.hpp).
#include <memory>
#include <vector>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "banded.hpp"
#include "hj_grid.hpp"

namespace wprox::pdhg_hj {

using SparseMatrix = Eigen::SparseMatrix<double>;

// Direct solves with a matrix of the grid: the cyclic band solver in 1-D
// (O(n)), Eigen's sparse LU (general) or LDL^T (symmetric positive
// definite) otherwise.
class DirectSolver {
 public:
  void factor(const HjGrid& g, const SparseMatrix& a, bool spd);
  void solve(double* x) const;  // in place

 private:
  int dim_ = 1;
  bool spd_ = false;
  CyclicBanded band_;
  Eigen::SparseLU<SparseMatrix> lu_;
  Eigen::SimplicialLDLT<SparseMatrix> ldlt_;
};

// BiCGSTAB on A x = b preconditioned by the inverse of the constant-
// coefficient operator 1/dt - eps lambda + kappa sqrt(-lambda) (lambda the
// Laplacian symbol, kappa the largest upwind speed): exact for the
// viscous part, the transport by its size. For multi-D grids, where a
// direct factorization costs far more than the few dozen FFTs this takes.
class KrylovSolver {
 public:
  KrylovSolver(const HjGrid& g, double visc);
  ~KrylovSolver();
  // x: in = guess, out = solution. Stops at ||b - A x||_2 <= rel_tol ||b||_2.
  // Returns false when BiCGSTAB broke down or hit its iteration limit.
  bool solve(const SparseMatrix& a, double dt, double kappa, const double* b, double* x, double rel_tol);
  long iterations() const { return iterations_; }  // of the last solve

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  long iterations_ = 0;
};

}  // namespace wprox::pdhg_hj
