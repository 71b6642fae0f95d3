#pragma once
// One BRWP step (docs/samplers.md) for an empirical measure of N particles:
//
//   x_i <- x_i - (h/2) grad V(x_i) + (h/(2T)) (x_i - sum_j w_ij x_j),
//   w_ij = softmax_j( -beta |x_i - x_j|^2 / (4T) + b_j ),  b_j = -log Z(x_j),
//
// j = i included. This is x - h [grad V + beta^-1 grad log rho_{k+1}] with
// rho_{k+1} = the RWPO of the particles' empirical measure, whose score
// from the kernel formula is
//   grad log rho_{k+1}(x) = -(beta/2) grad V(x) - beta/(2T) (x - sum_j w_j(x) x_j);
// beta cancels from the drift, and only enters the weights and Z.
#include <wprox/sdk.hpp>

#include "log_normalizer.hpp"

namespace wprox::brwp {

struct StepSettings {
  double h = 0.1;
  double T = 0.1;
  double beta = 1.0;
  NormalizerSettings z;  // its T and beta must equal the ones above
};

struct StepInfo {
  long prox_iterations = 0;       // Laplace: the most any particle needed
  double mean_self_weight = 0.0;  // average w_ii: the finite-N self-interaction
};

// Reusable buffers, so that a run allocates once.
struct StepWorkspace {
  Particles grad;
  Vector b;
  KernelResult kernel;  // mean (sum_j w_ij x_j) and, with StepInfo, lse
  Particles own;        // several ranks: this rank's rows of X
  Vector own_b, self_weights;  // self_weights: w_ii of all particles
};

// Advances X by one step. Throws RunError(step, ...) when the particles are
// not finite or have blown up (naming h), or when the Laplace prox fails.
//
// With several ranks, X is every particle (the same on every rank) and this
// rank moves its share of the rows only, kernel_ring_split()'s (the caller
// gathers them afterwards): normalizers and gradients of the own rows, the
// kernel sums by the ring of ranks (kernel_sum_ring: the own rows and their
// b travel, the other rows of X are not read), the diagnostics over all
// particles. Every value is the one-rank run's, bit for bit.
void brwp_step(const Potential& V, Particles& X, const StepSettings& s, long step, StepWorkspace& ws,
               StepInfo* info = nullptr, const Communicator& comm = serial_communicator());

}  // namespace wprox::brwp
