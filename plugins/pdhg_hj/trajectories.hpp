#pragma once
// Optimal trajectories from the computed value function.
//
// The feedback at (x, time-to-go t) is alpha*(x, t) = argmax of the control
// model at (x, t) (HjLocalModel::argmax_control) at p = the gradient of phi, with the
// gradient taken by central differences on the grid, interpolated
// (multi)linearly in space and linearly in time. Taking the argmax of the
// interpolated gradient, rather than interpolating the control, keeps a
// bang-bang control sharp (it is +-1 or 0, never in between) and gives the
// interpolated control -G^T grad phi in the quadratic case.
//
// A path starts at x(0) = x0 with the whole horizon to go and follows
// dx/ds = f(x, T - s, alpha*(x, T - s)) for s in [0, T], integrated with an engine
// Integrator between `records` + 1 equally spaced times. A periodic axis is
// not wrapped in the output (paths stay continuous); a Neumann axis is
// evaluated at the nearest point of the box.
#include <string>
#include <vector>

#include <wprox/sdk.hpp>

#include "hj_grid.hpp"

namespace wprox::pdhg_hj {

struct TrajectorySettings {
  std::string integrator = "rk4";
  long records = 200;  // output points per path after the start
  long substeps = 1;   // fixed-step integrators: steps per record
  double rtol = 1e-8, atol = 1e-10;
};

// phi: `levels` time levels of grid.size values, level k at t_k = k dt.
// starts: rows of grid.dim coordinates. Returns a Table "trajectories" with
// columns trajectory, s, <axis names>.
Table optimal_trajectories(const HjProblem& problem, const HjGrid& grid, const std::vector<double>& phi, long levels,
                           double dt, const RowMatrix& starts, const TrajectorySettings& settings);

// The feedback control on the grid at one level of time-to-go t: the sum
// u + w of the maximizing split controls of the upwind scheme, size x dim
// (component j of point i at i dim + j).
std::vector<double> grid_controls(const HjProblem& problem, const HjGrid& grid, const double* phi_level, double t);

}  // namespace wprox::pdhg_hj
