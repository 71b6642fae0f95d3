#pragma once
// The normalizer Z(y) of the RWPO kernel (docs/samplers.md),
//
//   Z(y) = ∫ exp(-beta/2 [V(z) + |z - y|^2 / (2T)]) dz,
//
// returned as b_j = -log Z(y_j) + C with one constant C shared by all j
// (softmax weights do not see C). Two ways:
//
// Laplace:  z* = prox_{T V}(y), b = (beta/2) [V(z*) + |z* - y|^2 / (2T)].
//           The exponent is beta/2 times the prox objective, so its
//           minimizer z* does not depend on beta; for quadratic V the
//           integrand is Gaussian in z with a covariance that does not
//           depend on y, so b is exact up to C.
// Monte Carlo: exp(-beta |z - y|^2 / (4T)) is, up to a constant, the density
//           of N(y, (2T/beta) I), so Z(y) ∝ E exp(-beta V(z) / 2) over
//           z ~ N(y, (2T/beta) I); b = -log of the sample mean of S draws,
//           taken in log space (log-sum-exp), particle j's draws from
//           RandomStream(seed, "brwp.z_monte_carlo", j, step).
#include <cstdint>

#include <wprox/potential_prox.hpp>
#include <wprox/sdk.hpp>

namespace wprox::brwp {

enum class ZMethod { Laplace, MonteCarlo };

struct NormalizerSettings {
  ZMethod method = ZMethod::Laplace;
  double T = 0.1;
  double beta = 1.0;
  long mc_samples = 32;
  std::uint64_t seed = 0;
  PotentialProxOptions prox;
};

// Fills b (resized to Y.rows()) with -log Z(Y_j) + C. `step` names the step
// in a RunError (a prox that does not converge). `prox_stats`, when not null,
// receives the Laplace prox statistics (left untouched for Monte Carlo).
// Y's rows are particles first, first + 1, ... (a rank's share): the Monte
// Carlo draws are keyed by that global index.
void neg_log_normalizer(const Potential& V, const Particles& Y, const NormalizerSettings& s, long step, Vector& b,
                        PotentialProxStats* prox_stats = nullptr, long first = 0);

}  // namespace wprox::brwp
