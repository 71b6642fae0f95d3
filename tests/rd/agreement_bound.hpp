#pragma once
// How far apart two approximate solutions of the same backward-Euler steps
// may be, from the solvers' stopping rule alone.
//
// Two runs from states u_a, u_b that stop with ||F_a/ht||_inf <= r_a and
// ||F_b/ht||_inf <= r_b satisfy, with e = U_a - U_b and J the Jacobian of
// rhs averaged over the segment [U_b, U_a],
//     (I - ht J) e = (u_a - u_b) + (F_a - F_b),
// so ||e|| <= gamma (||u_a - u_b|| + ht (r_a + r_b)) per step, in a norm in
// which I - ht J is bounded below by 1/gamma:
//  - Allen–Cahn (any mobility sigma > 0): I - ht J = I - ht eps div(sigma grad)
//    + ht diag(W''/eps) is an M-matrix whose rows are diagonally dominant by
//    1 - ht/eps (W'' >= -1), so in the max norm gamma = 1 / (1 - ht/eps)
//    (Varah's bound).
//  - Cahn–Hilliard: J = D A with A = -eps^2 D + diag(W'') symmetric; in the
//    H^-1 norm of mean-free fields (<x, y>_-1 = <x, (-D)^-1 y>),
//    <e, (I - ht J) e>_-1 = |e|_-1^2 + ht <e, A e> >= |e|_-1^2 + ht(eps^2 |grad e|^2 - |e|^2)
//    >= (1 - ht / (4 eps^2)) |e|_-1^2 (interpolation |e|^2 <= |e|_-1 |grad e|).
//  - FCH: J = D B with B = A^2 + eps^2 A - diag(W''' mu), A = eps^2 D - diag(W'')
//    symmetric, B >= -(eps^4/4 + c_mu) with c_mu >= max |6 u mu| on the segment;
//    with |e|^2 <= lmax |e|_-1^2: gamma = 1 / (1 - ht (eps^4/4 + c_mu) lmax).
// Norm changes (Euclidean, unweighted; lmin, lmax the extreme nonzero
// eigenvalues of -D): |x|_inf <= |x|_2 <= sqrt(lmax) |x|_-1 and
// |x|_-1 <= |x|_2 / sqrt(lmin) <= n |x|_inf / sqrt(lmin).
#include <cmath>
#include <string>

#include <wprox/grid.hpp>

namespace rdtest {

class AgreementBound {
 public:
  // `order` 2: max-norm recursion; 4, 6: H^-1 recursion.
  AgreementBound(const wprox::TensorGrid& g, int order, double eps) : g_(g), order_(order), eps_(eps) {
    const double h = g.h();
    const int n = g.n();
    lmax_ = 8.0 / (h * h);
    // Smallest nonzero eigenvalue: one axis' first mode.
    lmin_ = g.boundary() == wprox::Boundary::Periodic ? (2.0 - 2.0 * std::cos(2.0 * M_PI / n)) / (h * h)
                                                      : 4.0 / (h * h) * std::pow(std::sin(M_PI / (2.0 * n)), 2);
  }
  // One backward-Euler step of size ht whose two solves stopped at residuals
  // r_a, r_b (in ||F/ht||_inf); c_mu is used by order 6 only.
  void step(double ht, double r_a, double r_b, double c_mu = 0.0) {
    const double forcing = ht * (r_a + r_b);
    if (order_ == 2) {
      e_ = (e_ + forcing) / (1.0 - ht / eps_);
    } else {
      const double lower =
          order_ == 4 ? 1.0 - ht / (4 * eps_ * eps_) : 1.0 - ht * (std::pow(eps_, 4) / 4 + c_mu) * lmax_;
      e_ = (e_ + g_.n() * forcing / std::sqrt(lmin_)) / lower;
    }
  }
  bool valid(double ht, double c_mu = 0.0) const {
    if (order_ == 2) return ht < eps_;
    if (order_ == 4) return ht < 4 * eps_ * eps_;
    return ht * (std::pow(eps_, 4) / 4 + c_mu) * lmax_ < 1.0;
  }
  // Bound on the max-norm difference now.
  double max_norm() const { return order_ == 2 ? e_ : std::sqrt(lmax_) * e_; }

 private:
  wprox::TensorGrid g_;
  int order_;
  double eps_, lmin_ = 0, lmax_ = 0, e_ = 0.0;
};

}  // namespace rdtest
