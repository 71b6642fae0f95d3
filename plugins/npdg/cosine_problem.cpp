#include "cosine_problem.hpp"

#include <cmath>

#include <wprox/errors.hpp>

namespace wprox::npdg {
namespace {
constexpr double kPi = 3.14159265358979323846;
}

CosineSettings elliptic_nd_defaults() { return CosineSettings{}; }

CosineSettings semilinear_nd_defaults() {
  CosineSettings s;
  s.coefficient_amplitude = 0.0;
  s.reaction = 1.0;
  return s;
}

CosineProblem::CosineProblem(std::string name, const CosineSettings& s) : name_(std::move(name)), s_(s), d_(s.dim) {
  WPROX_REQUIRE(s.dim >= 1 && s.dim <= kMaxDim, InputError,
                name_ << ": dim = " << s.dim << " is outside the allowed range [1, " << kMaxDim << "]");
  WPROX_REQUIRE(std::isfinite(s.coefficient_mean) && std::isfinite(s.coefficient_amplitude) &&
                    s.coefficient_mean - std::abs(s.coefficient_amplitude) > 0.0,
                InputError,
                name_ << ": the coefficient a(x) = a0 + a1 sin(pi s(x)) must stay positive, but coefficient_mean a0 = "
                      << s.coefficient_mean << " and coefficient_amplitude a1 = " << s.coefficient_amplitude
                      << " give min a = a0 - |a1| = " << s.coefficient_mean - std::abs(s.coefficient_amplitude)
                      << " (need > 0)");
  WPROX_REQUIRE(s.reaction >= 0.0 && s.reaction <= 100.0, InputError,
                name_ << ": reaction = " << s.reaction
                      << " is outside [0, 100] (r(u) = kappa u^3 must be nondecreasing: kappa >= 0)");
}

double CosineProblem::s_of(const double* x) const {
  double s = 0.0;
  for (int i = 0; i < d_; ++i) s += 2.0 * x[i] - 1.0;
  return s / std::sqrt(double(d_));
}

double CosineProblem::coefficient(const double* x) const {
  return s_.coefficient_mean + s_.coefficient_amplitude * std::sin(kPi * s_of(x));
}

// grad a = a1 pi cos(pi s) grad s, grad s = (2 / sqrt(d)) (1, ..., 1).
void CosineProblem::coefficient_gradient(const double* x, double* grad) const {
  const double c = s_.coefficient_amplitude * kPi * std::cos(kPi * s_of(x)) * 2.0 / std::sqrt(double(d_));
  for (int i = 0; i < d_; ++i) grad[i] = c;
}

double CosineProblem::exact(const double* x) const {
  double u = 0.0;
  for (int i = 0; i < d_; ++i) u += std::cos(kPi * x[i]);
  return u / std::sqrt(double(d_));
}

void CosineProblem::exact_gradient(const double* x, double* grad) const {
  const double c = -kPi / std::sqrt(double(d_));
  for (int i = 0; i < d_; ++i) grad[i] = c * std::sin(kPi * x[i]);
}

// Lap u* = -pi^2 u*; grad a . grad u* = -(2 a1 pi^2 / d) cos(pi s) sum_i sin(pi x_i).
double CosineProblem::source(const double* x) const {
  const double u = exact(x);
  double sum_sin = 0.0;
  for (int i = 0; i < d_; ++i) sum_sin += std::sin(kPi * x[i]);
  const double flux_term = 2.0 * s_.coefficient_amplitude * kPi * kPi / double(d_) * std::cos(kPi * s_of(x)) * sum_sin;
  return coefficient(x) * kPi * kPi * u + flux_term + s_.reaction * u * u * u;
}

double CosineProblem::exact_gradient_norm_sq() { return kPi * kPi / 2.0; }

std::shared_ptr<const EllipticProblem> make_elliptic_nd(const CosineSettings& s) {
  return std::make_shared<CosineProblem>("elliptic-nd", s);
}

std::shared_ptr<const EllipticProblem> make_semilinear_nd(const CosineSettings& s) {
  return std::make_shared<CosineProblem>("semilinear-nd", s);
}

}  // namespace wprox::npdg
