#pragma once
// The weak form of -div(a grad u) + r(u) = f tested against phi in H^1_0,
// with Monte Carlo quadrature on n interior points (npdg and wan):
//
//   L(u, phi)   = mean_j [a grad u . grad phi + (r(u) - f) phi](x_j),
//   ||phi||_D^2 = mean_j [a |grad phi|^2](x_j),
//
// and the jet weights w of its parameter gradients (J^T w, with J the
// Jacobian of (value, gradient) of the network concerned):
//   grad_eta [L(u, phi) - (eps/2) ||phi||_D^2]:
//       w.u = (r(u) - f)/n,   w.grad = a (grad u - eps grad phi)/n;
//   grad_theta L(u_theta, psi) for a fixed psi:
//       w.u = r'(u) psi/n,    w.grad = a grad psi/n.
// The jets hold u, grad u (resp. phi, grad phi) at the same points, in the
// order of InteriorData.
#include <wprox/mlp.hpp>

#include "collocation.hpp"
#include <wprox/kinds/elliptic.hpp>

namespace wprox::npdg {

class WeakForm {
 public:
  // ju: u and grad u at in.X. Keeps references to nothing.
  WeakForm(const EllipticProblem& p, const InteriorData& in, const InputJet& ju);

  double pairing(const InputJet& ju, const InputJet& phi) const;  // L(u, phi)
  double energy(const InputJet& phi) const;                        // ||phi||_D^2
  InputJet dual_weights(const InputJet& ju, const InputJet& phi, double eps) const;
  InputJet primal_weights(const InputJet& psi) const;

  const Matrix& a_over_n() const { return a_n_; }  // a/n on every gradient entry (dim x n)

 private:
  long n_;
  Matrix a_n_;
  Vector r_minus_f_, dr_;  // dr_ empty for a linear problem
};

}  // namespace wprox::npdg
