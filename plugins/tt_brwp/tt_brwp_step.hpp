#pragma once
// One TT-BRWP step (docs/tt-brwp.md): with rho_hat the density estimate of
// the particles (density_estimate.hpp) and E, Z, K from the grid
// (kernel_grid.hpp),
//
//   Q   = rho_hat / Z            (rho_hat exact; TT-SVD of all grid values
//                                 on small grids, tt_cross_log otherwise)
//   W   = K Q                    (the second convolution)
//   rho_{k+1} = E W              (the regularized proximal of rho_hat)
//   x  <- x - h [ grad V(x) + beta^-1 grad log rho_{k+1}(x) ]
//       = x - h [ grad V(x) / 2 + beta^-1 grad W(x) / W(x) ]
//
// grad log E = -beta grad V / 2 is taken from V itself at the particles
// rather than from E's TT, and W, grad W at the particles come from the
// grid quadrature of K Q directly (no interpolation); K Q on the grid is
// kept for the final density.
#include <cstdint>

#include "density_estimate.hpp"
#include "kernel_grid.hpp"

namespace wprox::tt_brwp {

struct StepSettings {
  double h = 0.1, T = 0.1, beta = 1.0;
  double bandwidth = 0.5;
  double tol = 1e-6;
  int max_rank = 16;
};

// What a step leaves behind: the TTs of its kernel formula (for the final
// density and the outputs) and its diagnostics.
struct StepState {
  DensityEstimate estimate;
  TensorTrain ratio;    // Q
  TensorTrain smoothed; // W
  long evaluations = 0;      // values of the ratio computed (grid points or cross samples)
  double ratio_error = 0.0;  // TT-SVD bound or the cross's validation error of Q
};

// Moves X by one step on grid g. `seed`: the run's; `step`: 1-based, for
// random streams and errors. RunError(step, ...) when a cross does not
// reach its tolerance (naming the tolerance and what it reached), when W is
// not positive at a particle, or when the particles are not finite.
void tt_brwp_step(const Potential& V, Particles& X, const KernelGrid& g, const StepSettings& s, std::uint64_t seed,
                  long step, StepState& state);

// The seed of the random choices of one cross: item 0 the cross
// of E, 2 the ratio's cross, 3 the final density.
std::uint64_t cross_seed(std::uint64_t seed, std::uint64_t item, long step);

}  // namespace wprox::tt_brwp
