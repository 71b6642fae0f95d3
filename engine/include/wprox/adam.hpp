#pragma once
// First-order optimizers over a flat parameter vector: Adam and plain
// gradient descent. The caller owns theta and computes the gradient; the
// optimizer owns only its state. Not thread-safe (update() mutates state).
#include "wprox/data.hpp"

namespace wprox {

// Adam (Kingma & Ba 2015, Algorithm 1):
//   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
//   theta <- theta - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
// The state (m, v, t) can be read and restored for checkpoints; a restored
// optimizer continues with the same bits as one never interrupted.
class Adam {
 public:
  // n parameters, moments zero, t = 0. InputError unless n >= 0, lr > 0,
  // 0 <= b1, b2 < 1 and eps > 0.
  Adam(long n, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);

  // One step with gradient grad. DimensionMismatch unless theta and grad
  // have n entries.
  void update(Vector& theta, const Vector& grad);

  double lr() const { return lr_; }
  // Takes effect from the next update (schedules). InputError unless > 0.
  void set_lr(double lr);

  long steps() const { return t_; }
  const Vector& first_moment() const { return m_; }
  const Vector& second_moment() const { return v_; }
  // DimensionMismatch unless m and v have n entries; InputError when
  // steps < 0 or v has a negative entry.
  void set_state(const Vector& m, const Vector& v, long steps);

 private:
  Vector m_, v_;
  double lr_, b1_, b2_, eps_;
  long t_ = 0;
};

// theta <- theta - lr g.
class GradientDescent {
 public:
  explicit GradientDescent(double lr);                   // InputError unless lr > 0
  void update(Vector& theta, const Vector& grad) const;  // DimensionMismatch on sizes
  double lr() const { return lr_; }
  void set_lr(double lr);

 private:
  double lr_;
};

}  // namespace wprox
