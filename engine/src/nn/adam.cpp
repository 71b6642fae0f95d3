#include "wprox/adam.hpp"

#include <cmath>

#include "wprox/errors.hpp"

namespace wprox {

Adam::Adam(long n, double lr, double beta1, double beta2, double eps)
    : m_(Vector::Zero(n >= 0 ? n : 0)), v_(Vector::Zero(n >= 0 ? n : 0)), lr_(lr), b1_(beta1), b2_(beta2), eps_(eps) {
  WPROX_REQUIRE(n >= 0, InputError, "Adam: parameter count " << n << " must not be negative");
  set_lr(lr);
  WPROX_REQUIRE(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, InputError,
                "Adam: beta1 = " << beta1 << " and beta2 = " << beta2 << " must lie in [0, 1)");
  WPROX_REQUIRE(eps > 0, InputError, "Adam: eps = " << eps << " must be positive");
}

void Adam::set_lr(double lr) {
  WPROX_REQUIRE(lr > 0, InputError, "Adam: learning rate " << lr << " must be positive");
  lr_ = lr;
}

void Adam::update(Vector& theta, const Vector& grad) {
  WPROX_REQUIRE(theta.size() == m_.size() && grad.size() == m_.size(), DimensionMismatch,
                "Adam: parameters (" << theta.size() << ") and gradient (" << grad.size() << ") must have " << m_.size()
                                     << " entries");
  ++t_;
  m_ = b1_ * m_ + (1.0 - b1_) * grad;
  v_ = b2_ * v_ + (1.0 - b2_) * grad.cwiseAbs2();
  const double c1 = 1.0 - std::pow(b1_, double(t_)), c2 = 1.0 - std::pow(b2_, double(t_));
  theta.array() -= lr_ * (m_.array() / c1) / ((v_.array() / c2).sqrt() + eps_);
}

void Adam::set_state(const Vector& m, const Vector& v, long steps) {
  WPROX_REQUIRE(m.size() == m_.size() && v.size() == m_.size(), DimensionMismatch,
                "Adam: state of sizes " << m.size() << " and " << v.size() << ", expected " << m_.size());
  WPROX_REQUIRE(steps >= 0 && (v.array() >= 0).all(), InputError,
                "Adam: state needs steps >= 0 (got " << steps << ") and a second moment without negative entries");
  m_ = m;
  v_ = v;
  t_ = steps;
}

GradientDescent::GradientDescent(double lr) : lr_(lr) { set_lr(lr); }

void GradientDescent::set_lr(double lr) {
  WPROX_REQUIRE(lr > 0, InputError, "gradient descent: learning rate " << lr << " must be positive");
  lr_ = lr;
}

void GradientDescent::update(Vector& theta, const Vector& grad) const {
  WPROX_REQUIRE(
      theta.size() == grad.size(), DimensionMismatch,
      "gradient descent: parameters (" << theta.size() << ") and gradient (" << grad.size() << ") differ in size");
  theta -= lr_ * grad;
}

}  // namespace wprox
