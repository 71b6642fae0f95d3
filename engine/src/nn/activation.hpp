#pragma once
// The activations of Mlp and their derivatives, for the network's own
// translation units.
//
// Two flavours: activate() is the value pass of forward() (with sigma' for
// backward() when asked), whose arithmetic sgm-kernel's results depend on bit
// for bit; derivatives() gives sigma and its first three derivatives at one
// point, for the forward-mode input derivatives (sigma'' enters gradients of
// gradients, sigma''' the parameter derivatives of the Laplacian).
#include <cmath>

#include "wprox/data.hpp"
#include "wprox/mlp.hpp"

#include "dense.hpp"

namespace wprox::nn {

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// a = sigma(z) elementwise; slope = sigma'(z) when not null.
inline void activate(Activation f, const Matrix& z, Matrix& a, Matrix* slope) {
  a.resize(z.rows(), z.cols());
  const double* zp = z.data();
  double* ap = a.data();
  if (f == Activation::tanh) {
    for (long k = 0; k < z.size(); ++k) ap[k] = std::tanh(zp[k]);
    if (slope) *slope = (1.0 - a.array().square()).matrix();
    return;
  }
  // gelu(z) = z Phi(z), gelu'(z) = Phi(z) + z phi(z). erf (about 20 ns,
  // scalar) dominates; the density phi is a vectorized loop dispatched per
  // SIMD target (Eigen's exp would run at SSE2 width in a portable build).
  if (!slope) {
    for (long k = 0; k < z.size(); ++k) ap[k] = zp[k] * (0.5 * (1.0 + std::erf(zp[k] * kInvSqrt2)));
    return;
  }
  slope->resize(z.rows(), z.cols());
  double* dp = slope->data();
  nn::normal_density(z.size(), zp, dp);  // phi first, then overwritten in place
  const double* pp = dp;
  for (long k = 0; k < z.size(); ++k) {
    const double Phi = 0.5 * (1.0 + std::erf(zp[k] * kInvSqrt2));
    ap[k] = zp[k] * Phi;
    dp[k] = Phi + zp[k] * pp[k];
  }
}

// s[0..3] = sigma, sigma', sigma'', sigma''' at z.
//   gelu: z Phi, Phi + z phi, phi (2 - z^2), z phi (z^2 - 4)  (phi' = -z phi);
//   tanh: t, 1 - t^2, -2 t (1 - t^2), (1 - t^2)(6 t^2 - 2).
inline void derivatives(Activation f, double z, double* s) {
  if (f == Activation::tanh) {
    const double t = std::tanh(z), d = 1.0 - t * t;
    s[0] = t;
    s[1] = d;
    s[2] = -2.0 * t * d;
    s[3] = d * (6.0 * t * t - 2.0);
    return;
  }
  const double Phi = 0.5 * (1.0 + std::erf(z * kInvSqrt2));
  const double phi = std::exp(-0.5 * z * z) * kInvSqrt2Pi;
  const double z2 = z * z;
  s[0] = z * Phi;
  s[1] = Phi + z * phi;
  s[2] = phi * (2.0 - z2);
  s[3] = z * phi * (z2 - 4.0);
}

}  // namespace wprox::nn
