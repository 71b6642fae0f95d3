// mixture: 1/2 N(m, I) + 1/2 N(-m, I), i.e. up to a constant
//   V(x) = |x|^2 / 2 - log cosh(m.x),   grad V = x - m tanh(m.x).
#include <cmath>

#include "register.hpp"

namespace wprox::targets {
namespace {

double log_cosh(double s) {
  const double a = std::fabs(s);
  return a + std::log1p(std::exp(-2 * a)) - std::log(2.0);
}

class MixturePotential : public Potential {
 public:
  explicit MixturePotential(Vector m) : m_(std::move(m)) {}
  int dim() const override { return int(m_.size()); }
  double value(const double* x) const override {
    Eigen::Map<const Vector> v(x, dim());
    return 0.5 * v.squaredNorm() - log_cosh(m_.dot(v));
  }
  void gradient(const double* x, double* g) const override {
    Eigen::Map<const Vector> v(x, dim());
    Eigen::Map<Vector>(g, dim()) = v - m_ * std::tanh(m_.dot(v));
  }
  bool hessian(const double* x, double* H) const override {
    Eigen::Map<const Vector> v(x, dim());
    const double t = std::tanh(m_.dot(v));
    Eigen::Map<RowMatrix>(H, dim(), dim()) = Matrix::Identity(dim(), dim()) - (1 - t * t) * m_ * m_.transpose();
    return true;
  }

 private:
  Vector m_;
};

class MixtureTarget : public TargetProblem {
 public:
  explicit MixtureTarget(Vector m) : V_(m), m_(m) {}
  std::string name() const override { return "mixture"; }
  const Potential& potential() const override { return V_; }
  // Only at beta = 1 is exp(-beta V) the mixture itself.
  std::optional<Moments> exact_moments(double beta) const override {
    if (beta != 1.0) return std::nullopt;
    const long d = m_.size();
    return Moments{Vector::Zero(d), Matrix::Identity(d, d) + m_ * m_.transpose()};
  }
  std::optional<Box> box() const override {
    const double w = m_.cwiseAbs().maxCoeff() + 4.5;
    return Box{Vector::Constant(m_.size(), -w), Vector::Constant(m_.size(), w)};
  }

 private:
  MixturePotential V_;
  Vector m_;
};

}  // namespace

void register_mixture(Registry& r) {
  struct S {
    Vector m;
  };
  r.add_problem(make_problem<TargetProblem>(
      "mixture", "Gaussian mixture N(m, I)/2 + N(-m, I)/2; exact moments at beta = 1",
      SettingsSchema<S>().vector("m", &S::m, "0.5,0.5", "mode offset m (its length is the dimension)"),
      [](const S& s, const RunContext&) { return std::make_shared<MixtureTarget>(s.m); }));
}

}  // namespace wprox::targets
