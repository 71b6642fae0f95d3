#pragma once
// V(x) = 1/2 (x - m)^T A (x - m) for the closed-form tests.
#include <wprox/sdk.hpp>

namespace wprox::brwp_tests {

class QuadraticPotential : public Potential {
 public:
  explicit QuadraticPotential(Matrix A, Vector m = Vector()) : A_(std::move(A)), m_(std::move(m)) {
    if (m_.size() == 0) m_ = Vector::Zero(A_.rows());
  }
  int dim() const override { return int(A_.rows()); }
  double value(const double* x) const override {
    const Vector r = Eigen::Map<const Vector>(x, dim()) - m_;
    return 0.5 * r.dot(A_ * r);
  }
  void gradient(const double* x, double* g) const override {
    Eigen::Map<Vector>(g, dim()) = A_ * (Eigen::Map<const Vector>(x, dim()) - m_);
  }
  bool hessian(const double*, double* H) const override {
    Eigen::Map<RowMatrix>(H, dim(), dim()) = A_;
    return true;
  }

 private:
  Matrix A_;
  Vector m_;
};

}  // namespace wprox::brwp_tests
