#pragma once
// The dual variable of the weak form: a test function that vanishes on the
// boundary of the cube by construction,
//
//   phi(x) = m(x) N(x),
//
// N a scalar network and m a boundary factor, zero on the boundary and
// positive inside, built from the 2d distances to the faces
// delta = (x_i - lower, upper - x_i)_i:
//  * distance:  m = min delta, the distance to the boundary (the NPDG
//    paper's choice). Lipschitz; grad m = +-e_i of the nearest face, with
//    kinks where the nearest face changes;
//  * smooth:    m = (sum delta^-2)^(-1/2), a smooth stand-in for the
//    distance (m <= min delta, m = delta_k + O(delta_k^3) next to face k);
//    grad_i m = m^3 (delta_lo,i^-3 - delta_hi,i^-3). A smooth e0 (the
//    dual's target, zero on the boundary) divided by it is smooth inside,
//    while e0 / min delta has kinks along the ridges of min delta that a
//    smooth network N must then represent.
// Either way phi is in H^1_0 and the weak form needs no boundary term for
// the flux a d_n u.
//
// Jets: phi and grad phi = m grad N + N grad m on a batch, and the parameter
// Jacobian products of those, by the chain rule around Mlp's jets:
//   J v:    d phi = m dN,             d grad phi = m d grad N + dN grad m;
//   J^T w:  w_N.u = m w.u + grad m . w.grad,   w_N.grad = m w.grad.
// Thread safety as Mlp: const members may run concurrently.
#include <cstdint>
#include <string>

#include <wprox/mlp.hpp>

#include "network.hpp"

namespace wprox::npdg {

enum class BoundaryFactor { distance, smooth };
// "distance" or "smooth"; InputError otherwise.
BoundaryFactor boundary_factor_from_name(const std::string& name);
const char* boundary_factor_name(BoundaryFactor f);

// m and grad m (dim x B) at the columns of X; exact zeros on the boundary.
void boundary_factor(BoundaryFactor f, double lower, double upper, const Matrix& X, Vector& m, Matrix& grad_m);

class TestFunction {
 public:
  // What jet() keeps for the products: the network's tape, m and grad m.
  // Valid while the parameters are unchanged.
  struct Tape {
    JetTape net;
    Vector m;
    Matrix grad_m;
  };

  TestFunction(int dim, double lower, double upper, const NetworkSettings& s, std::uint64_t seed,
               BoundaryFactor factor = BoundaryFactor::smooth);

  // u = phi (B), grad = grad phi (dim x B) at the columns of X (dim x B).
  InputJet jet(const Matrix& X, Tape* tape = nullptr) const;
  // J^T w for weights on phi and grad phi (either may be empty).
  Vector jet_vjp(const Tape& tape, const InputJet& w) const;
  // J v: the derivatives of phi and grad phi along the parameter direction v.
  InputJet jet_jvp(const Tape& tape, const Vector& v) const;

  Mlp& network() { return net_; }
  const Mlp& network() const { return net_; }
  long parameter_count() const { return net_.parameter_count(); }
  BoundaryFactor factor() const { return factor_; }

 private:
  Mlp net_;
  double lo_, hi_;
  BoundaryFactor factor_;
};

}  // namespace wprox::npdg
