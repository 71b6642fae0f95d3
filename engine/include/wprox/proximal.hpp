#pragma once
// Proximal steps: z = prox_{tau f}(y) = argmin_z f(z) + |z - y|^2 / (2 tau),
// applied to every row of a particle matrix.
//
// Contract: apply() resizes z to y's shape, is deterministic and may run in
// parallel over rows. A prox that cannot be computed to its tolerance throws
// RunError naming the row and the residual (never a silent approximation).
#include <string>

#include "wprox/data.hpp"

namespace wprox {

class Potential;

class ProximalStep {
 public:
  virtual ~ProximalStep() = default;
  virtual void apply(const Particles& y, double tau, Particles& z) const = 0;
  virtual std::string name() const = 0;
};

}  // namespace wprox
