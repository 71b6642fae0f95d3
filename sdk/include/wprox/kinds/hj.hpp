#pragma once
// Hamilton-Jacobi equations of optimal control: problems of kind "hj".
//
//   phi_t + H(x, t, grad phi) = visc * Lap phi   on a box, 0 < t <= T,
//   phi(x, 0) = g(x),
//   H(x, t, p) = sup_alpha { -<f(x, t, alpha), p> - L(alpha) }.
//
// phi(x, t) is the value of the control problem with time-to-go t: minimize
// int_0^t L(alpha(s)) ds + g(x(t)) over paths dx/ds = f(x(s), t - s, alpha(s))
// from x(0) = x (with visc > 0: the stochastic problem with noise
// sqrt(2 visc) dW). So the model's time argument is always the time-to-go
// of the point on the path, the same t as in phi(x, t).
//
// The box has one interval [lo, hi] per axis, each periodic or Neumann
// (reflecting). The control model is control-affine with one control
// component per axis and a cost that is a sum over components, which is
// what lets solvers use closed forms:
//
//   f(x, t, alpha) = b(x, t) + G(x, t) alpha,   L(alpha) = sum_j ell(alpha_j),
//   ell(a) = a^2 / 2                         (ControlCost::Quadratic)
//   ell(a) = 0 if |a| <= 1, +inf otherwise   (ControlCost::Box, bang-bang control),
//
// b = drift (dim entries), G = gain (dim x dim, G_ij = gain(i, j, x, t)).
// G need not be diagonal: then H is not a sum over axes (a non-separable
// Hamiltonian). A column of G that is 0 everywhere is a control component
// that does nothing (an axis driven by a drift alone, say a position driven
// by a velocity). Then
//   H(x, t, p) = -<b, p> + sum_j ell*(-(G^T p)_j),  ell*(q) = q^2 / 2 or |q|.
//
// Grid convention shared by every "hj" solver, for n points on an axis:
//   periodic: x_j = lo + j (hi - lo) / n        (x = hi is x_0 again)
//   Neumann:  x_j = lo + (j + 1/2) (hi - lo) / n (cell centres)
// and time levels t_k = k T / (nt - 1), k = 0 .. nt - 1.
//
// Implementer contract: a problem implements the pure virtual functions;
// every function is const, cheap, and safe to call from several threads.
// Solvers build their discretization (upwind Hamiltonians, feedback controls)
// from drift(), gain() and control_cost() alone. A problem whose drift or
// gain changes with t says so by time_dependent(); solvers then evaluate the
// model again at every time they step to (otherwise once).
// Kind version 2 (1: separable model f_i = b_i(x) + gain_i(x) alpha_i, no t,
// 1-D and 2-D only).
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
  static constexpr int kVersion = 2;
  static constexpr int kMaxDim = 3;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  virtual int dim() const = 0;  // 1, 2 or 3
  // Axis i < dim() of the domain: name, [lo, hi] and boundary (n is left 0;
  // a solver picks the number of points).
  virtual GridAxis axis(int i) const = 0;
  virtual double horizon() const = 0;                 // T > 0
  virtual double viscosity() const = 0;               // visc >= 0
  virtual double initial(const double* x) const = 0;  // g(x); x has dim() entries
  virtual ControlCost control_cost() const = 0;
  // b_i(x, t) and G_ij(x, t), i, j < dim(); t is the time-to-go.
  virtual double drift(int i, const double* x, double t) const = 0;
  virtual double gain(int i, int j, const double* x, double t) const = 0;
  // True when drift or gain depends on t (default: they do not).
  virtual bool time_dependent() const { return false; }

  // A closed form for phi where one is known (Hopf-Lax, Hopf-Cole).
  // Default: none.
  virtual bool has_exact() const { return false; }
  virtual double exact(const double* /*x*/, double /*t*/) const {
    throw InputError("problem '" + name() + "' has no exact solution");
  }

  // ell*(q): the convex conjugate of the control cost (q^2 / 2 or |q|).
  double cost_conjugate(double q) const { return control_cost() == ControlCost::Quadratic ? 0.5 * q * q : std::abs(q); }
  // H(x, t, p) = -<b, p> + sum_j ell*(-(G^T p)_j), p with dim() entries.
  double hamiltonian(const double* x, double t, const double* p) const {
    double h = 0.0;
    for (int i = 0; i < dim(); ++i) h -= drift(i, x, t) * p[i];
    for (int j = 0; j < dim(); ++j) {
      double q = 0.0;
      for (int i = 0; i < dim(); ++i) q -= gain(i, j, x, t) * p[i];
      h += cost_conjugate(q);
    }
    return h;
  }
};

}  // namespace wprox
