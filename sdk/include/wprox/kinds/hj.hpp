#pragma once
// Hamilton-Jacobi equations of optimal control: problems of kind "hj".
//
//   phi_t + H(x, grad phi) = visc * Lap phi   on a box, 0 < t <= T,
//   phi(x, 0) = g(x),
//   H(x, p) = sup_alpha { -<f(x, alpha), p> - L(alpha) }.
//
// phi(x, t) is the value of the control problem with time-to-go t: minimize
// int_0^t L(alpha(s)) ds + g(x(t)) over paths dx/ds = f(x, alpha) from x(0) = x
// (with visc > 0: the stochastic problem with noise sqrt(2 visc) dW).
//
// The box has one interval [lo, hi] per axis, each periodic or Neumann
// (reflecting). The control model is axis-separable and control-affine,
// which is what lets solvers use closed forms:
//
//   f_i(x, alpha) = drift_i(x) + gain_i(x) * alpha_i,   L(alpha) = sum_i ell(alpha_i),
//   ell(a) = a^2 / 2          (ControlCost::Quadratic)
//   ell(a) = 0 if |a| <= 1, +inf otherwise   (ControlCost::Box, bang-bang control).
//
// An axis with gain 0 everywhere is uncontrolled (a position driven by a
// velocity, say). Then H(x, p) = sum_i [ -drift_i(x) p_i + ell*(-gain_i(x) p_i) ]
// with ell*(q) = q^2 / 2 (quadratic) or |q| (box).
//
// Grid convention shared by every "hj" solver, for n points on an axis:
//   periodic: x_j = lo + j (hi - lo) / n        (x = hi is x_0 again)
//   Neumann:  x_j = lo + (j + 1/2) (hi - lo) / n (cell centres)
// and time levels t_k = k T / (nt - 1), k = 0 .. nt - 1.
//
// Implementer contract: a problem implements the pure virtual functions;
// every function is const, cheap, and safe to call from several threads.
// Solvers build their discretization (upwind Hamiltonians, feedback controls)
// from drift(), gain() and control_cost() alone.
// Kind version 1.
#include <algorithm>
#include <cmath>
#include <string>

#include "wprox/errors.hpp"
#include "wprox/grid.hpp"
#include "wprox/problem.hpp"

namespace wprox {

enum class ControlCost { Quadratic, Box };

class HjProblem : public Problem {
 public:
  static constexpr const char* kKind = "hj";
  static constexpr int kVersion = 1;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  virtual int dim() const = 0;  // 1 or 2
  // Axis i < dim() of the domain: name, [lo, hi] and boundary (n is left 0;
  // a solver picks the number of points).
  virtual GridAxis axis(int i) const = 0;
  virtual double horizon() const = 0;                 // T > 0
  virtual double viscosity() const = 0;               // visc >= 0
  virtual double initial(const double* x) const = 0;  // g(x); x has dim() entries
  virtual ControlCost control_cost() const = 0;
  virtual double drift(int i, const double* x) const = 0;
  virtual double gain(int i, const double* x) const = 0;

  // A closed form for phi where one is known (x-independent H: Hopf-Lax,
  // Hopf-Cole). Default: none.
  virtual bool has_exact() const { return false; }
  virtual double exact(const double* /*x*/, double /*t*/) const {
    throw InputError("problem '" + name() + "' has no exact solution");
  }

  // ell*(q): the convex conjugate of the control cost (q^2 / 2 or |q|).
  double cost_conjugate(double q) const { return control_cost() == ControlCost::Quadratic ? 0.5 * q * q : std::abs(q); }
  // H(x, p) = sum_i [-drift_i(x) p_i + ell*(-gain_i(x) p_i)], p with dim() entries.
  double hamiltonian(const double* x, const double* p) const {
    double h = 0.0;
    for (int i = 0; i < dim(); ++i) h += -drift(i, x) * p[i] + cost_conjugate(-gain(i, x) * p[i]);
    return h;
  }
};

}  // namespace wprox
