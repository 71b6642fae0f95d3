#pragma once
// Problems of kind "mfc": mean-field control with individual noise
// (docs/mean-field-control.md):
//
//   inf_v  int_0^T int [ (1/2)|v|^2 rho + F(rho) ] dx dt + G(rho(T))
//   s.t.   d rho/dt + div(rho v) = nu Laplace rho,   rho(0) = rho_0,
//
// solved through the value phi (v* = -grad phi):
//   -d phi/dt + (1/2)|grad phi|^2 - nu Laplace phi = f := dF/drho,  phi(T) = g := dG/drho.
//
// MfcProblem is what the methods need: rho_0 (samples, and its log density
// with two derivatives for the flow score), f and g pointwise. f may depend on
// the density itself through log rho(t, x) (uses_log_density()); methods then
// supply an estimate of log rho at the point. MfcSolution, when a problem
// knows one, is the exact phi and rho_t used for the error measures.
//
// All members are const and may be called concurrently. Kind version 1.
#include <cstdint>

#include "wprox/data.hpp"
#include "wprox/problem.hpp"
#include "wprox/random.hpp"

namespace wprox {

// The exact solution of a problem: phi and its derivatives, and rho_t.
class MfcSolution {
 public:
  virtual ~MfcSolution() = default;
  virtual double phi(double t, const double* x) const = 0;
  virtual void grad_phi(double t, const double* x, double* g) const = 0;  // dim entries
  virtual double laplacian_phi(double t, const double* x) const = 0;
  // count exact samples of rho_t; row i uses RandomStream(key, i, step).
  virtual Particles sample(double t, long count, StreamKey key, std::uint64_t step) const = 0;
  // Two scalar summaries the methods estimate: E_{rho_t}[Laplace phi] / dim
  // (p(t) for the Gaussian family) and the variance per coordinate of rho_t
  // (s(t) for the Gaussian family).
  virtual double mean_laplacian_per_dim(double t) const = 0;
  virtual double variance_per_dim(double t) const = 0;
};

class MfcProblem : public Problem {
 public:
  static constexpr const char* kKind = "mfc";
  static constexpr int kVersion = 1;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  virtual int dim() const = 0;
  virtual double horizon() const = 0;  // T
  virtual double noise() const = 0;    // nu

  // count samples of rho_0, row i from RandomStream(key, i, step).
  // balanced: the sample is then shifted and linearly mapped so that its
  // mean and covariance equal those of rho_0 exactly (a variance reduction
  // for moment estimates; needs count > dim).
  virtual Particles sample_initial(long count, StreamKey key, std::uint64_t step, bool balanced) const = 0;
  // log rho_0(x); fills score (dim) = grad log rho_0 and hessian (dim x dim,
  // row-major) = the Hessian of log rho_0 when not null.
  virtual double initial_log_density(const double* x, double* score, double* hessian) const = 0;

  // f(t, x) = dF/drho at x, given log rho(t, x) (ignored unless uses_log_density()).
  virtual double running_cost(double t, const double* x, double log_density) const = 0;
  virtual bool uses_log_density() const = 0;
  // g(x) = dG/drho at x: the terminal value phi(T, x).
  virtual double terminal_cost(const double* x) const = 0;

  // The exact solution, or null.
  virtual const MfcSolution* solution() const { return nullptr; }
};

}  // namespace wprox
