#pragma once
// V(x) = 1/2 (x - m)^T A (x - m): the potential of a Gaussian target
// exp(-beta V) = N(m, (beta A)^-1), with its exact Hessian A. Used by the
// gaussian target and by every closed-form check of a method on Gaussians.
// A is taken as given (symmetric positive definite is the caller's check).
#include "wprox/potential.hpp"

namespace wprox {

class QuadraticPotential : public Potential {
 public:
  // m empty: the origin.
  explicit QuadraticPotential(Matrix A, Vector m = Vector());
  int dim() const override { return int(A_.rows()); }
  double value(const double* x) const override;
  void gradient(const double* x, double* g) const override;
  double value_and_gradient(const double* x, double* g) const override;
  bool hessian(const double* x, double* H) const override;
  const Matrix& precision() const { return A_; }
  const Vector& mean() const { return m_; }

 private:
  Matrix A_;
  Vector m_;
};

}  // namespace wprox
