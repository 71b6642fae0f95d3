#pragma once
// One sweep of the characteristics for a given phi (docs/mean-field-control.md §4-5):
// particles forward in time, then the value along them backward from y_T = g(x_T).
// Explicit Euler on the uniform grid t_k = k dt, dt = T / steps.
//
// Score (probability-flow) characteristics, deterministic given x_0:
//   x_{k+1} = x_k + dt (-z_k - nu s_k)
//   y_k     = y_{k+1} + dt (|z_k|^2/2 + nu h_k + nu z_k . s_k + f_k),   y_M = g(x_M)
// with z = grad phi, h = Laplace phi, s the score estimate (score.hpp) and
// f = dF/drho(t_k, x_k, log rho_k). Local error O(dt^2), global O(dt).
// With a horizon of L < M steps the backward sum restarts from phi itself:
//   y_k = phi(t_{k+L}, x_{k+L}) + dt sum_{j=k}^{k+L-1} (...)_j   when k + L < M,
// which bounds how far the term nu (Laplace + s . grad) of phi's error is
// integrated in one sweep (docs §4.3: the full sweep amplifies it without bound).
//
// Forward-backward SDE (Euler-Maruyama), xi_k^i ~ N(0, I) from
// RandomStream(seed, "mfc.brownian", i, outer, k):
//   X_{k+1} = X_k - dt z_k + sqrt(2 nu dt) xi_k
//   Y_k     = Y_{k+1} + dt (|z_k|^2/2 + f_k) - sqrt(2 nu dt) z_k . xi_k,     Y_M = g(X_M)
// Strong order 1/2 for Y (the Ito term nu (dW^T nabla^2 phi dW - dt Laplace phi) per
// step has mean zero and standard deviation O(dt)); log rho for f, when the
// problem needs it, from the kernel estimate of the SDE cloud.
//
// Failures (non-finite particles or values) throw RunError with step 0; the
// caller rethrows with its own step.
#include <cstdint>
#include <vector>

#include <wprox/data.hpp>
#include <wprox/random.hpp>

#include <wprox/kinds/mfc.hpp>
#include "score.hpp"
#include "value_model.hpp"

namespace wprox::mfc {

// The random streams of a run, each RandomStream(seed, purpose, item, outer,
// index) with outer the 1-based outer iteration: the initial sample (item =
// particle), the Brownian increments (item = particle, index = time step),
// the mini-batch draws (item = batch slot, index = Adam step).
constexpr std::uint64_t kInitialSample = stream_purpose("mfc.initial_sample");
constexpr std::uint64_t kBrownian = stream_purpose("mfc.brownian");
constexpr std::uint64_t kMiniBatch = stream_purpose("mfc.mini_batch");

struct Paths {
  long steps = 0;
  double dt = 0;
  std::vector<Particles> x;  // steps + 1 clouds, N x d each
  // The fitting data: column k N + i is (t_k, x_k^i), y[k N + i] its value.
  Matrix inputs;
  Vector y;
  std::vector<double> bandwidth;  // kernel bandwidth per step (kernel score only)

  long particles() const { return x.empty() ? 0 : x[0].rows(); }
};

struct ScorePathSettings {
  long steps = 50;
  ScoreSource score = ScoreSource::kernel;
  KernelScoreSettings kernel;
  double fd_step = 1e-3;    // flow score: difference step of the second-order jet
  bool flow_drive = false;  // flow score: keep phi's third and fourth derivatives in H'
  long horizon = 0;         // steps integrated before restarting from phi (0 or >= steps: all, from g(x_T))
};

void score_paths(const MfcProblem& problem, const ValueModel& phi, const Particles& x0, const ScorePathSettings& s,
                 Paths& out);

// The BSDE sweep; the kernel settings are used only for log rho when the
// problem's running cost needs it.
void bsde_paths(const MfcProblem& problem, const ValueModel& phi, const Particles& x0, long steps,
                const KernelScoreSettings& kernel, std::uint64_t seed, long outer, Paths& out);

}  // namespace wprox::mfc
