#pragma once
// The manufactured problems elliptic-nd and semilinear-nd on the unit cube
// Omega = [0, 1]^d:
//
//   u*(x) = d^{-1/2} sum_i cos(pi x_i),
//   a(x)  = a0 + a1 sin(pi s(x)),   s(x) = d^{-1/2} sum_i (2 x_i - 1),
//   r(u)  = kappa u^3,
//   f     = -a Lap u* - grad a . grad u* + kappa u*^3
//         = a pi^2 u* + (2 a1 pi^2 / d) cos(pi s) sum_i sin(pi x_i) + kappa u*^3,
//   g     = u* on the boundary.
//
// Why these: for x uniform on the cube, E cos(pi x_i) = 0 and
// E cos^2(pi x_i) = 1/2, so ||u*||_L2^2 = 1/2 and ||grad u*||_L2^2 = pi^2 / 2
// for every d (exact_l2_norm_sq, exact_gradient_norm_sq): the solution neither
// vanishes nor grows with the dimension, and its mean is zero, so a relative
// L2 error is not made small by a constant fit (as it would be for
// sum_i sin(pi x_i / 2), whose mean dominates its variation in high d).
// s(x) has mean 0 and variance 1/3 in every dimension, so a(x) varies over
// most of [a0 - |a1|, a0 + |a1|] whatever d is (a coefficient of the mean
// coordinate, sin(pi sum x_i / d), would be nearly constant in high d).
//
// elliptic-nd: a1 = 1/2, kappa = 0 (linear, variable coefficient).
// semilinear-nd: a1 = 0, kappa = 1: -Lap u + u^3 = f, a monotone
// semilinear equation (the NPDG paper's list has semilinear elliptic
// equations of this type).
#include <cmath>
#include <memory>
#include <string>

#include <wprox/kinds/elliptic.hpp>

namespace wprox::npdg {

// Parameters (the lead binds these to the problem schema):
// | field                 | elliptic-nd | semilinear-nd | allowed                 | meaning              |
// |-----------------------|-------------|---------------|-------------------------|----------------------|
// | dim                   | 5           | 5             | [1, 50]                 | d                    |
// | coefficient_mean      | 1           | 1             | a0 - abs(a1) > 0        | a0                   |
// | coefficient_amplitude | 0.5         | 0             | abs(a1) < a0            | a1                   |
// | reaction              | 0           | 1             | [0, 100]                | kappa in r = kappa u^3 |
struct CosineSettings {
  int dim = 5;
  double coefficient_mean = 1.0;
  double coefficient_amplitude = 0.5;
  double reaction = 0.0;
};

CosineSettings elliptic_nd_defaults();
CosineSettings semilinear_nd_defaults();

class CosineProblem : public EllipticProblem {
 public:
  static constexpr int kMaxDim = 50;
  // `name` is the problem's name in messages ("elliptic-nd"). InputError when
  // dim is outside [1, 50], a0 - |a1| <= 0 (a would not stay positive) or
  // kappa is outside [0, 100].
  CosineProblem(std::string name, const CosineSettings& s);

  std::string name() const override { return name_; }
  int dim() const override { return d_; }
  double lower() const override { return 0.0; }
  double upper() const override { return 1.0; }
  double coefficient(const double* x) const override;
  void coefficient_gradient(const double* x, double* grad) const override;
  double coefficient_min() const override { return s_.coefficient_mean - std::abs(s_.coefficient_amplitude); }
  double reaction(double u) const override { return s_.reaction * u * u * u; }
  double reaction_derivative(double u) const override { return 3.0 * s_.reaction * u * u; }
  bool linear() const override { return s_.reaction == 0.0; }
  double source(const double* x) const override;
  double boundary_value(const double* x) const override { return exact(x); }
  void boundary_gradient(const double* x, double* grad) const override { exact_gradient(x, grad); }
  double exact(const double* x) const override;
  void exact_gradient(const double* x, double* grad) const override;

  const CosineSettings& settings() const { return s_; }
  // Exact norms over the unit cube (uniform measure), the same for every d.
  static double exact_l2_norm_sq() { return 0.5; }
  static double exact_gradient_norm_sq();

 private:
  double s_of(const double* x) const;
  std::string name_;
  CosineSettings s_;
  int d_;
};

std::shared_ptr<const EllipticProblem> make_elliptic_nd(const CosineSettings& s = elliptic_nd_defaults());
std::shared_ptr<const EllipticProblem> make_semilinear_nd(const CosineSettings& s = semilinear_nd_defaults());

}  // namespace wprox::npdg
