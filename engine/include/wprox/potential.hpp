#pragma once
// A potential V: R^d -> R. Targets are densities rho*(x) ∝ exp(-beta V(x)).
//
// Implementer contract: value() and gradient() must be provided, must be
// const and thread-safe (they are called concurrently from TBB loops), and
// read exactly dim() doubles from x / write dim() doubles to g. hessian() is
// optional: return false when it is not available.
#include "wprox/data.hpp"

namespace wprox {

class Potential {
 public:
  virtual ~Potential() = default;
  virtual int dim() const = 0;
  virtual double value(const double* x) const = 0;
  virtual void gradient(const double* x, double* g) const = 0;
  // Value and gradient together; override when they share work.
  virtual double value_and_gradient(const double* x, double* g) const {
    gradient(x, g);
    return value(x);
  }
  // Row-major d x d Hessian into H; false when the potential has none.
  virtual bool hessian(const double* /*x*/, double* /*H*/) const { return false; }
};

// Evaluates V and/or grad V at every particle (row of X), in parallel over
// particles with TBB. Null outputs are skipped; non-null ones are resized.
// Throws DimensionMismatch when X.cols() != V.dim().
void evaluate(const Potential& V, const Particles& X, Vector* values, Particles* gradients);

}  // namespace wprox
