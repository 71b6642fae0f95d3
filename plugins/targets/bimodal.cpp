// bimodal (the slides' "double banana" in 2-D):
//   rho*(x) ∝ exp(-2(|x| - a)^2) [exp(-2(x1 - a)^2) + exp(-2(x1 + a)^2)]
// so V(x) = 2(|x| - a)^2 - log(exp(-2(x1 - a)^2) + exp(-2(x1 + a)^2)).
#include <algorithm>
#include <cmath>

#include "register.hpp"

namespace wprox::targets {
namespace {

class BimodalPotential : public Potential {
 public:
  explicit BimodalPotential(double a) : a_(a) {}
  int dim() const override { return 2; }
  double value(const double* x) const override {
    const double r = std::hypot(x[0], x[1]);
    const double e1 = -2 * (x[0] - a_) * (x[0] - a_), e2 = -2 * (x[0] + a_) * (x[0] + a_);
    const double mx = std::max(e1, e2);
    return 2 * (r - a_) * (r - a_) - (mx + std::log(std::exp(e1 - mx) + std::exp(e2 - mx)));
  }
  void gradient(const double* x, double* g) const override {
    const double r = std::hypot(x[0], x[1]);
    // d/dx 2(r - a)^2 = 4 (r - a) x / r; at r = 0 take the zero subgradient.
    const double f = r > 1e-300 ? 4 * (r - a_) / r : 0.0;
    const double e1 = -2 * (x[0] - a_) * (x[0] - a_), e2 = -2 * (x[0] + a_) * (x[0] + a_);
    const double w1 = 1.0 / (1.0 + std::exp(e2 - e1));  // softmax weight of the +a mode
    g[0] = f * x[0] + 4 * (w1 * (x[0] - a_) + (1 - w1) * (x[0] + a_));
    g[1] = f * x[1];
  }
  // H = 4 [x x^T / r^2 + ((r - a) / r)(I - x x^T / r^2)] + diag(4 - 64 a^2 w1 w2, 0),
  // with w1, w2 the softmax weights of the two modes. Undefined at r = 0.
  bool hessian(const double* x, double* H) const override {
    const double r = std::hypot(x[0], x[1]);
    if (r < 1e-12) return false;
    const double e1 = -2 * (x[0] - a_) * (x[0] - a_), e2 = -2 * (x[0] + a_) * (x[0] + a_);
    const double w1 = 1.0 / (1.0 + std::exp(e2 - e1)), w2 = 1.0 - w1;
    const double u[2] = {x[0] / r, x[1] / r};
    const double s = (r - a_) / r;
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) H[2 * i + j] = 4 * (u[i] * u[j] + s * ((i == j) - u[i] * u[j]));
    H[0] += 4 - 64 * a_ * a_ * w1 * w2;
    return true;
  }

 private:
  double a_;
};

class BimodalTarget : public TargetProblem {
 public:
  explicit BimodalTarget(double a) : V_(a), a_(a) {}
  std::string name() const override { return "bimodal"; }
  const Potential& potential() const override { return V_; }
  std::optional<Box> box() const override {
    Vector lo(2), hi(2);
    lo << -a_ - 2, -a_ - 1;
    hi << a_ + 2, a_ + 1;
    return Box{lo, hi};
  }

 private:
  BimodalPotential V_;
  double a_;
};

}  // namespace

void register_bimodal(Registry& r) {
  struct S {
    double a = 3.0;
  };
  r.add_problem(make_problem<TargetProblem>(
      "bimodal", "2-D bimodal 'double banana' exp(-2(|x|-a)^2)[exp(-2(x1-a)^2)+exp(-2(x1+a)^2)]",
      SettingsSchema<S>().real("a", &S::a, 3.0, "radius of the ring and position of the modes", Range::positive()),
      [](const S& s, const RunContext&) { return std::make_shared<BimodalTarget>(s.a); }));
}

}  // namespace wprox::targets
