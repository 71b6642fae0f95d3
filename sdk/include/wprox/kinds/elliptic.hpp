#pragma once
// The problem kind "elliptic": a second-order equation in divergence form
// with a monotone reaction and Dirichlet data on a cube,
//
//   -div(a(x) grad u) + r(u) = f(x)  in  Omega = [lower, upper]^d,
//                        u = g(x)  on  the boundary of Omega,
//
// with a(x) >= coefficient_min() > 0 and r nondecreasing (r' >= 0), so the
// problem has one weak solution; every instance knows it in closed form
// (exact(), exact_gradient()) so that solvers can be measured against it.
//
// Contract for implementations: all members are const and thread-safe; x
// points to dim() coordinates of a point of Omega (boundary members: a point
// of the boundary); gradient outputs write dim() doubles. source() must equal
// -div(a grad u*) + r(u*) for u* = exact(), and boundary_value() must equal
// exact() on the boundary (the tests check both by finite differences).
//
// Why a cube: all 2d faces have the same area, so uniform boundary points
// are a uniform face followed by uniform coordinates on it; the distance to
// the boundary, min_i min(x_i - lower, upper - x_i), is one pass over x
// (the test functions of npdg vanish on the boundary through it); and the
// unit cube is where the NPDG paper's variable-coefficient example lives
// (up to scaling).
//
// Kind version 1.
#include <string>

#include "wprox/problem.hpp"

namespace wprox {

class EllipticProblem : public Problem {
 public:
  static constexpr const char* kKind = "elliptic";
  static constexpr int kVersion = 1;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  virtual int dim() const = 0;
  virtual double lower() const = 0;  // Omega = [lower, upper]^d
  virtual double upper() const = 0;

  virtual double coefficient(const double* x) const = 0;  // a(x)
  virtual void coefficient_gradient(const double* x, double* grad) const = 0;
  virtual double coefficient_min() const = 0;  // a positive lower bound of a on Omega

  // r(u) and r'(u) >= 0; zero for a linear equation.
  virtual double reaction(double /*u*/) const { return 0.0; }
  virtual double reaction_derivative(double /*u*/) const { return 0.0; }
  virtual bool linear() const { return true; }

  virtual double source(const double* x) const = 0;          // f(x)
  virtual double boundary_value(const double* x) const = 0;  // g(x), x on the boundary
  // A gradient of g at x on the boundary (of any smooth extension of g):
  // only its tangential part is used (the H^1 boundary penalty of npdg).
  virtual void boundary_gradient(const double* x, double* grad) const = 0;
  virtual double exact(const double* x) const = 0;           // u*(x)
  virtual void exact_gradient(const double* x, double* grad) const = 0;
};

}  // namespace wprox
