#pragma once
// prox_{tau V}(y) = argmin_z V(z) + |z - y|^2 / (2 tau) for a Potential V,
// row by row: the solution of z + tau grad V(z) = y. apply() resizes z to
// y's shape, is deterministic and runs in parallel over rows.
//
// Used by BRWP's Laplace normalizer (z* = prox_{T V}(y)) and by any method
// that needs an implicit gradient step.
//
// Algorithm, per row, started from the explicit step z0 = y - tau grad V(y):
// - when V.hessian() is available: Newton on the residual
//   F(z) = z + tau grad V(z) - y with the Jacobian I + tau Hess V(z),
//   damped by backtracking on the prox objective; a Newton direction that is
//   not a descent direction (where V is too concave for this tau) is
//   replaced by the gradient direction;
// - otherwise: BFGS on the prox objective (whose Hessian is Hess V + I/tau,
//   so the inverse is started at tau I) with Armijo backtracking.
// Converged when |F(z)|_2 <= tol * max(1, |y|_2). When a row does not
// converge in max_iterations, apply() throws RunError(step, ...) naming the
// row, the residual and tau: never a silent approximation.
//
// Thread safety: apply() is const and runs rows in parallel (the Potential
// must be thread-safe, as its contract requires). Deterministic: each row is
// solved by one thread with no shared state.
#include <string>

#include "wprox/data.hpp"
#include "wprox/potential.hpp"

namespace wprox {

struct PotentialProxOptions {
  double tol = 1e-10;         // on |F(z)|_2 / max(1, |y|_2)
  long max_iterations = 200;  // per row
};

// Statistics of one apply(): the most iterations any row needed and the
// largest final scaled residual.
struct PotentialProxStats {
  long max_iterations = 0;
  double max_residual = 0.0;
};

class PotentialProx {
 public:
  // V must outlive this object.
  explicit PotentialProx(const Potential& V, PotentialProxOptions opt = {});

  // z (resized to y's shape) = prox_{tau V} of every row of y. A RunError
  // names `step`; `stats`, when not null, receives the statistics.
  void apply(const Particles& y, double tau, Particles& z, long step = 0, PotentialProxStats* stats = nullptr) const;

 private:
  const Potential& V_;
  PotentialProxOptions opt_;
};

}  // namespace wprox
