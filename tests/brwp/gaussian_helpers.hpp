#pragma once
// Shared by the BRWP closed-form tests: deterministic "quantile" particle
// clouds and the BRWP moment recurrences for a 1-D Gaussian target.
#include <cmath>

#include <wprox/quadratic_potential.hpp>
#include "brwp_step.hpp"

namespace wprox::brwp_tests {

// Phi^-1(p) by Newton on 0.5 erfc(-x / sqrt 2) (converges to ~1e-15).
inline double normal_quantile(double p) {
  double x = 0.0;
  for (int it = 0; it < 100; ++it) {
    const double f = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double dens = std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
    const double dx = f / dens;
    x -= dx;
    if (std::abs(dx) < 1e-15 * (1 + std::abs(x))) break;
  }
  return x;
}

// N particles at the quantiles (j + 1/2)/N of N(m, s): a deterministic
// empirical measure whose mean is m and variance s up to O(log N / N).
inline Particles quantile_cloud(long N, double m, double s) {
  Particles X(N, 1);
  for (long j = 0; j < N; ++j) X(j, 0) = m + std::sqrt(s) * normal_quantile((double(j) + 0.5) / double(N));
  return X;
}

inline double biased_variance(const Particles& X) {
  const double m = X.col(0).mean();
  return (X.col(0).array() - m).square().mean();
}

// One step of the exact (N -> infinity) BRWP moment map for V = a x^2 / 2:
// rho_k = N(m, s) -> the RWPO N(m/M, s/M^2 + 2T/(beta M)) =: N(mu', S'),
// whose score is -(x - mu')/S'; the update x' = x - h[a x + beta^-1 score]
// is linear: x' = g x - (h/(beta S')) mu' with g = 1 - h a + h/(beta S').
struct Moments1D {
  double m, s;
};
inline Moments1D brwp_moment_step(Moments1D q, double a, double beta, double h, double T) {
  const double M = 1 + T * a;
  const double Sp = q.s / (M * M) + 2 * T / (beta * M);
  const double g = 1 - h * a + h / (beta * Sp);
  return {g * q.m - h / (beta * Sp) * q.m / M, g * g * q.s};
}

inline double kl_to_standard_normal(double m, double s) { return 0.5 * (s + m * m - 1 - std::log(s)); }

inline brwp::StepSettings laplace_settings(double h, double T, double beta) {
  brwp::StepSettings s;
  s.h = h;
  s.T = T;
  s.beta = beta;
  s.z.T = T;
  s.z.beta = beta;
  s.z.prox.tol = 1e-12;
  return s;
}

}  // namespace wprox::brwp_tests
