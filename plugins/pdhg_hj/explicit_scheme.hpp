#pragma once
// The monotone explicit reference scheme (forward Euler with the
// Engquist-Osher-type upwind Hamiltonian of HjLocalModel):
//   phi+ = phi - dt [ Hnum(x, t, D+ phi, D- phi) - eps Lap phi ],
// with the model at the time-to-go t of the level stepped from (the grid's
// model_time; the caller sets it). It is monotone, hence stable and
// convergent to the viscosity solution, iff at every point
//   dt * ( sum_a (|dHnum/dp+_a| + |dHnum/dp-_a|) / h_a + 2 eps sum_a 1/h_a^2 ) <= 1,
// the CFL condition; cfl_limit(phi) is the largest such dt for the data phi
// (the derivatives are those at phi's own differences: for a nonlinear H the
// limit shrinks when the gradient grows, so it is checked at every step).
#include <vector>

#include "hj_grid.hpp"

namespace wprox::pdhg_hj {

class ExplicitScheme {
 public:
  ExplicitScheme(const HjGrid& grid, double visc) : grid_(grid), visc_(visc) {}
  // Largest dt for which a step from phi is monotone (infinity if nothing moves).
  double cfl_limit(const std::vector<double>& phi) const;
  // One step of size dt, in place.
  void step(std::vector<double>& phi, double dt) const;

 private:
  const HjGrid& grid_;
  double visc_;
  mutable std::vector<double> work_;
};

}  // namespace wprox::pdhg_hj
