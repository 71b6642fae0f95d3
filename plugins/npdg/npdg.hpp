#pragma once
// npdg: the natural primal-dual hybrid gradient method (Liu, Osher, Li,
// arXiv 2411.06278) for an elliptic problem. docs/neural-pde.md derives it
// and records the measurements behind the defaults.
//
// Saddle problem (weak form tested against phi in H^1_0; quadrature by means
// over the current interior points x_j (n of them) and boundary points y_k
// (n_b)):
//
//   inf_u sup_phi  L(u, phi) - (eps/2) ||phi||_D^2 + (lambda/2) B(u),
//   L(u, phi)    = mean_j [a grad u . grad phi + (r(u) - f) phi](x_j),
//   ||phi||_D^2  = mean_j [a |grad phi|^2](x_j),
//   B(u)         = mean_k [(u - g)^2 + |grad_t (u - g)|^2](y_k)
//                  (grad_t: along the face; without it when boundary_h1 is off),
//
// with u = u_theta (a network) and phi = m N_eta (TestFunction: zero on the
// boundary, so the weak form needs no flux term; the boundary condition is
// carried by the penalty alone, without the paper's boundary multiplier
// network). One step k, PDHG with extrapolation in function space:
//
//   eta+   = eta + tau_phi G_phi^{-1} grad_eta [L(u, phi) - (eps/2)||phi||_D^2]
//   phi~   = phi+ + omega (phi+ - phi)                 (values and gradients)
//   theta+ = theta - tau_u G_u^{-1} grad_theta [L(u, phi~) + (lambda/2) B(u)]
//
// The preconditioners are the Gram matrices of the function-space metrics
// that turn each proximal step into a natural-gradient step,
//   G_phi = J_{grad phi}^T diag(a/n) J_{grad phi}                  (the D norm),
//   G_u   = J_{grad u}^T diag(a/n) J_{grad u} + (lambda/n_b)(J_b^T J_b + J_{grad_t b}^T J_{grad_t b}),
// applied by one JVP and one VJP per term and solved by MINRES (truncated:
// minres_tol, minres_max_iter; from zero unless warm_start). In function
// space (exact solves, linear problem) a step reads
// phi+ = (1 - tau_phi eps) phi + tau_phi e0 and u+ = u - tau_u (phi~ + h),
// e0 the part of u - u* in H^1_0 and h the response to the boundary error:
// a contraction whose rate is set by the step sizes alone (0.6 per step
// with the defaults), whatever the dimension.
//
// Each parameter step is checked against its linearization: with
// rho = ||f(p + s D) - f(p) - s J D||_M / (s ||J D||_M) measured on the
// metric's points (for u: the interior energy and the boundary values),
// s = 1, 1/2, ... (at most kMaxHalvings halvings) until rho <= trust_ratio
// (0: no check; the ratio is still reported).
//
// The metric may be taken on the first gram_points interior points only
// (0: all): the fixed points of the iteration do not depend on the metric,
// and a MINRES step costs in proportion to its points, but a small metric
// sample can under-weight directions the full gradient excites (a 5-D run
// with 8000 gradient and 1000 metric points diverged).
//
// Diagnostics per step: rel_l2, rel_h1 (ErrorMonitor, after the step),
// saddle (the objective above at the step's start), phi_energy (||phi+||_D:
// with eps = 1 an estimate of ||e0||_D), boundary_rms (sqrt mean (u - g)^2
// at the step's start), phi_step_scale, phi_nonlinearity, u_step_scale,
// u_nonlinearity (s and rho of the steps taken), minres_phi_iterations,
// minres_phi_residual, minres_u_iterations, minres_u_residual.
#include <cstdint>
#include <functional>

#include "gram.hpp"
#include "test_function.hpp"
#include "trainer.hpp"

namespace wprox::npdg {

// | field           | default   | allowed         | meaning                                                  |
// |-----------------|-----------|-----------------|----------------------------------------------------------|
// | solution        | 32x2 tanh | NetworkSettings | u_theta                                                  |
// | test            | 32x2 tanh | NetworkSettings | N_eta in phi = m N_eta                                   |
// | test_factor     | smooth    | smooth, distance| the boundary factor m (test_function.hpp)                |
// | sampling        | (trainer.hpp) | SamplingSettings | points, resampling, error measurement            |
// | iterations      | 500       | [1, 1e7]        | steps the host takes (the Run's total; unused here)      |
// | tau_u           | 0.4       | (0, 2]          | primal step size (natural-gradient descent)              |
// | tau_phi         | 0.5       | (0, 2]          | dual step size (natural-gradient ascent)                 |
// | epsilon         | 1.0       | (0, 100]        | eps: dual regularization; the dual tracks e0 / eps       |
// | omega           | 1.0       | [0, 1]          | extrapolation of phi in function space                   |
// | boundary_weight | 10        | (0, 1e6]        | lambda of the boundary penalty and of G_u's boundary term|
// | boundary_h1     | true      | bool            | penalize the tangential gradient of u - g too (H^1 trace)|
// | gram_points     | 0         | >= 0            | interior points of the Gram metrics; 0: all              |
// | minres_tol      | 1e-2      | (0, 1)          | MINRES relative residual of each Gram solve              |
// | minres_max_iter | 40        | [1, 1e5]        | MINRES iterations per solve (a truncated solve is used)  |
// | damping         | 0         | [0, inf)        | delta: G + mu I, mu = delta g'Gg/g'g (0: the paper's G)  |
// | warm_start      | false     | bool            | start MINRES from the previous step's direction          |
// | strict_minres   | false     | bool            | a solve that misses minres_tol is a RunError (else the   |
// |                 |           |                 | MINRES iterate, the minimal-residual vector found, is used)|
// | trust_ratio     | 0.5       | 0 or (0, 10]    | halve a step (up to 6 times) while its nonlinearity      |
// |                 |           |                 | ||actual - linear|| / ||linear|| exceeds this; 0: off    |
struct NpdgSettings {
  NetworkSettings solution;
  NetworkSettings test;
  BoundaryFactor test_factor = BoundaryFactor::smooth;
  SamplingSettings sampling;
  long iterations = 500;
  double tau_u = 0.4;
  double tau_phi = 0.5;
  double epsilon = 1.0;
  double omega = 1.0;
  double boundary_weight = 10.0;
  long gram_points = 0;
  double minres_tol = 1e-2;
  long minres_max_iter = 40;
  double damping = 0.0;
  bool warm_start = false;
  bool strict_minres = false;
  double trust_ratio = 0.5;
  bool boundary_h1 = true;
};

// InputError naming the first field out of range.
void validate(const NpdgSettings& s);

class NpdgSolver : public Trainer {
 public:
  // u_theta and N_eta from derive_seed(seed, solution / test). InputError on
  // bad settings.
  NpdgSolver(const EllipticProblem& p, const NpdgSettings& s, std::uint64_t seed);

  // RunError(k, ...) when a Gram solve produced NaN, when strict_minres is
  // set and a solve missed its tolerance (naming the solve, the residual
  // reached and the iterations), or when the parameters become non-finite.
  void step(long k, Diagnostics& diag) override;
  std::string method() const override { return "npdg"; }

  const TestFunction& test_function() const { return phi_; }
  NetworkState save_test_network() const { return save_network(phi_.network()); }
  void load_test_network(const NetworkState& s) { restore_network(phi_.network(), s); }
  const NpdgSettings& settings() const { return s_; }
  // Adds the test network, the warm starts and the MINRES totals.
  void save_state(StateWriter& w) const override;
  void load_state(const StateReader& r) override;
  // MINRES iterations summed over all steps so far (primal, dual).
  long minres_iterations_u() const { return total_u_; }
  long minres_iterations_phi() const { return total_phi_; }

 private:
  MinresResult solve(GramOperator& G, const Vector& g, Vector& d, long k, const char* which) const;
  // The step actually taken: scale in (0, 1] of the natural-gradient step
  // and the nonlinearity ratio ||actual - predicted|| / ||predicted|| there.
  struct Trial {
    double scale = 1.0, ratio = 0.0;
  };
  static constexpr int kMaxHalvings = 6;
  // deviation_sq(s) sets the parameters to p + s D and returns
  // ||f(p + s D) - f(p) - s J D||_M^2; trial() halves s from 1 while the
  // ratio to s ||J D||_M (predicted_sq = ||J D||_M^2) exceeds trust_ratio and
  // leaves the parameters at the step taken.
  Trial trial(double predicted_sq, const std::function<double(double scale)>& deviation_sq) const;
  static const NpdgSettings& checked(const NpdgSettings& s);

  NpdgSettings s_;
  TestFunction phi_;
  Vector d_theta_, d_eta_;  // last natural gradients (warm starts)
  long total_u_ = 0, total_phi_ = 0;
};

}  // namespace wprox::npdg
