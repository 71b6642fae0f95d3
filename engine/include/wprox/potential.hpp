#pragma once
// A potential V: R^d -> R. Targets are densities rho*(x) ∝ exp(-beta V(x)).
//
// Implementer contract: value() and gradient() must be provided, must be
// const and thread-safe (they are called concurrently from TBB loops), and
// read exactly dim() doubles from x / write dim() doubles to g. hessian() is
// optional: return false when it is not available.
//
// Batches: every method that needs V at many points at once (all particles,
// all Monte Carlo draws, all rows of an iterative prox, a grid) asks through
// evaluate_batch(). Its default calls the per-point functions in parallel
// over rows; a potential whose evaluation is vectorized or lives in another
// runtime (a Python callback, a GPU) overrides it to answer the whole batch
// in one call. Both paths must give the same values.
#include <vector>

#include "wprox/data.hpp"

namespace wprox {

// What evaluate_batch() computes: any combination of these bits.
enum PotentialPart : int { kPotentialValue = 1, kPotentialGradient = 2, kPotentialHessian = 4 };

// The result of a batch over the N rows of X (only the parts asked for are
// filled; the others are left empty).
struct PotentialBatch {
  Vector values;                  // N
  Particles gradients;            // N x d
  std::vector<double> hessians;   // N * d * d, row i's Hessian row-major at i * d * d
  std::vector<char> hessian_ok;   // N: 0 where the potential has no Hessian at that row
};

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
  // `parts` (PotentialPart bits) at every row of X. The default evaluates
  // the rows in parallel with the functions above (value_and_gradient when
  // both are asked for). Throws DimensionMismatch when X.cols() != dim().
  virtual void evaluate_batch(const Particles& X, int parts, PotentialBatch& out) const;
};

// V and/or grad V at every particle (row of X), through V.evaluate_batch().
// Null outputs are skipped; non-null ones are resized. Throws
// DimensionMismatch when X.cols() != V.dim().
void evaluate(const Potential& V, const Particles& X, Vector* values, Particles* gradients);

}  // namespace wprox
