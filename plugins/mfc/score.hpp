#pragma once
// Two estimates of the score s = grad log rho(t, x) along the particles of
// the score method (docs/mean-field-control.md §4):
//
// kernel  The Gaussian kernel density estimate of the cloud,
//           rho_h(x) = (1/N) sum_j N(x; x_j, h^2 I),
//         evaluated at the particles with the engine's all-pairs kernel:
//         grad log rho_h = -pull, log rho_h = lse - log N - (d/2) log(2 pi h^2).
//         For smooth rho, E rho_h = rho * N(0, h^2 I), so the estimate carries a
//         bias O(h^2) (for a Gaussian of variance sigma^2: the score of variance
//         sigma^2 + h^2). `extrapolate` combines h and sqrt(2) h as
//         2 est(h) - est(sqrt(2) h), which cancels the h^2 term (bias O(h^4)).
//
// flow    The score carried along each trajectory x' = V = -grad phi - nu s by
//         the transport of log rho (closed at second order: third derivatives
//         of log rho are dropped, exact when rho_t is Gaussian):
//           s' = (A + nu H) s + grad Laplace phi,
//           H' = (A + nu H) H + H (A + nu H) [+ nabla^2 (s . grad phi + Laplace phi)],
//           l' = Laplace phi + nu tr H,
//         with A = nabla^2 phi, H = nabla^2 log rho, l = log rho; started from
//         rho_0's own values. Needs the second-order jet of phi (value_model.hpp).
//         The bracketed "drive" (third and fourth derivatives of phi) vanishes
//         for quadratic phi; it is added only when the jet carries it, because
//         those derivatives of a network fitted to values are mostly noise and
//         destabilize the Riccati-type H equation (docs §4.2).
#include <string>

#include <wprox/data.hpp>

#include <wprox/kinds/mfc.hpp>
#include "value_model.hpp"

namespace wprox::mfc {

enum class ScoreSource { kernel, flow };
ScoreSource score_source_from_name(const std::string& name);  // "kernel" | "flow"; InputError otherwise
const char* score_source_name(ScoreSource s);

enum class BandwidthRule { silverman, scott, fixed };
BandwidthRule bandwidth_rule_from_name(const std::string& name);  // "silverman" | "scott" | "fixed"
const char* bandwidth_rule_name(BandwidthRule r);

struct KernelScoreSettings {
  BandwidthRule rule = BandwidthRule::silverman;
  // Multiplier of the rule's bandwidth; for `fixed`, the bandwidth itself.
  double scale = 1.0;
  bool extrapolate = true;
  // Leave each particle's own kernel out of its estimate. The self term
  // shrinks the score by the factor 1 - w_ii, w_ii ~ 1 / (N h^d rho); without
  // it the ratio of the two noisy sums is biased outward by O(1 / (N h^d)),
  // and with extrapolation that bias is the larger one (docs §4.1, measured).
  bool leave_one_out = false;
};

// The rule's bandwidth for the cloud X (N x d), from the pooled standard
// deviation per coordinate sigma = sqrt(sum |x_i - mean|^2 / (N d)):
//   silverman  scale * sigma * (4 / ((d + 2) N))^(1 / (d + 4))
//   scott      scale * sigma * N^(-1 / (d + 4))
//   fixed      scale
double kernel_bandwidth(const Particles& X, const KernelScoreSettings& s);

// The estimate at the particles of X themselves. log_density is filled only
// when not null. Returns the bandwidth h used.
double kernel_score(const Particles& X, const KernelScoreSettings& s, Particles& score, Vector* log_density);

// The flow score's per-particle state.
struct FlowState {
  Particles s;  // N x d: grad log rho
  RowMatrix H;  // N x d*d: nabla^2 log rho, row-major blocks
  Vector l;     // N: log rho
};

// rho_0's values at the particles X.
void flow_initial(const MfcProblem& problem, const Particles& X, FlowState& st);
// The rates (s', H', l') of the state given phi's second-order jet at the
// particles (J's samples are the rows of st).
void flow_rates(const SecondOrderJet& J, const FlowState& st, double nu, FlowState& rate);

}  // namespace wprox::mfc
