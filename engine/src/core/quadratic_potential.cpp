#include "wprox/quadratic_potential.hpp"

#include "wprox/errors.hpp"

namespace wprox {

QuadraticPotential::QuadraticPotential(Matrix A, Vector m) : A_(std::move(A)), m_(std::move(m)) {
  if (m_.size() == 0) m_ = Vector::Zero(A_.rows());
  WPROX_REQUIRE(
      A_.rows() == A_.cols() && m_.size() == A_.rows(), DimensionMismatch,
      "quadratic potential: A is " << A_.rows() << "x" << A_.cols() << " but m has " << m_.size() << " entries");
}

double QuadraticPotential::value(const double* x) const {
  const Vector r = Eigen::Map<const Vector>(x, dim()) - m_;
  return 0.5 * r.dot(A_ * r);
}

void QuadraticPotential::gradient(const double* x, double* g) const {
  Eigen::Map<Vector>(g, dim()) = A_ * (Eigen::Map<const Vector>(x, dim()) - m_);
}

double QuadraticPotential::value_and_gradient(const double* x, double* g) const {
  const Vector r = Eigen::Map<const Vector>(x, dim()) - m_;
  Eigen::Map<Vector> grad(g, dim());
  grad = A_ * r;
  return 0.5 * r.dot(grad);
}

bool QuadraticPotential::hessian(const double*, double* H) const {
  Eigen::Map<RowMatrix>(H, dim(), dim()) = A_;
  return true;
}

}  // namespace wprox
