#pragma once
// One backward-Euler step of phi_t + H(x, t, grad phi) = eps Lap phi by the
// preconditioned primal-dual hybrid gradient method (docs/hamilton-jacobi.md).
//
// Given the previous level phi0 and dt, the step solves the implicit upwind
// scheme F(phi) = 0 (implicit_scheme.hpp), written with the split controls
// (u, w) (local_model.hpp) as the saddle problem
//   min_phi max_{rho >= 0, u >= 0, w <= 0}  -(c/dt) sum phi + sum rho R(phi, u, w),
//   R = A(u, w) phi - rhs(u, w),
// whose maximum over the controls is F and whose solution has F(phi) = 0,
// rho > 0. One iteration, with tau = s / r, sigma = s r (s = `step`,
// r = `ratio`):
//   phi+   = phi - tau P^{-1} (A(u, w)^T rho - c/dt)
//   phibar = 2 phi+ - phi
//   u, w   = the maximizers at phibar (quadratic cost) or proximal ascent
//            steps of rho R(phibar, .) of relative size `control_step` (box)
//   rho+   = max(rho + sigma R(phibar, u, w), 0)
//
// The primal metric P (`preconditioner`):
//  - linearized: P = A~^T A~ + mu c K^T K, A~ = A at the maximizing controls
//    of the iterate it was last built at, K the control coupling (what the
//    controls see). With mu = 0 a PDHG iteration from the exact dual of A~
//    is a damped Newton step (A~^{-1} F); the mu term bounds the curvature
//    of F where the controls switch or vanish, which A~ alone does not see.
//    A~ and P are rebuilt every `refresh` iterations at the current iterate,
//    with rho reset to the exact dual A~^{-T} c/dt; mu adapts like a
//    Levenberg-Marquardt damping: divided by 4 after an epoch whose best
//    residual fell by 10 %, multiplied by 4 after one whose residual did
//    not fall, and by 16 (with the iterate rolled back to the best one) when
//    the residual jumps above 4 times its best. Solves with P: the cyclic
//    band solver in 1-D (O(n) per iteration), a sparse LDL^T otherwise.
//  - spectral: P = 1 + (1/dt - eps lambda)^2 - kappa^2 lambda, a Fourier /
//    cosine multiplier (lambda the Laplacian symbol, kappa the largest
//    upwind speed at phi0, at least 1): A^T A with constant coefficients;
//    one FFT pair per iteration on any grid, and exact where diffusion
//    dominates.
//
// Warm starts: rho and the controls are kept from one step to the next; the
// linearized preconditioner also starts each step from the predictor
// phi = A~^{-1} rhs (one linear solve at the controls of the guess) and the
// exact dual of A~. The method offers two guesses after its second step,
// the last level and the linear extrapolation 2 phi_{k-1} - phi_{k-2}, and
// the step starts from the predictor with the smaller residual (the
// extrapolation's must be 4 times smaller; A~, P and the dual are then
// built at that predictor, not at the guess): the
// extrapolation is the better guess while the solution moves steadily
// (quadratic example at large dt) and the worse one where it saturates
// (1-homogeneous example: overshoot past the running minimum).
//
// It stops when dt ||F(phi)||_inf <= tol: by the comparison principle the
// distance of phi to the exact implicit solution is at most that in the max
// norm. A non-finite iterate, or a best residual that falls by less than 1 %
// within `stall_window` iterations (PDHG on this nonlinear problem can cycle
// when the step is too large), restarts the step with s halved (at most
// `max_halvings` times); the next step starts with the s that worked, and
// each step that needs no halving doubles s back toward `step`. No
// convergence within max_iter iterations, or a failure after the last
// halving, throws RunError.
#include <memory>
#include <vector>

#include "hj_grid.hpp"
#include "implicit_scheme.hpp"
#include "linear_solvers.hpp"

namespace wprox {
class SpectralTransform;
class StateWriter;
class StateReader;
}

namespace wprox::pdhg_hj {

enum class Preconditioner { Linearized, Spectral };

struct PdhgSettings {
  Preconditioner preconditioner = Preconditioner::Linearized;
  double c = 1.0;             // weight of the objective: rho ~ c at the solution
  double step = 0.95;         // s: tau sigma = s^2
  double ratio = 8.0;         // r: sigma / tau = r^2
  double control_step = 0.0;  // rho sigma of the control prox; 0: exact maximizer
  double tol = 1e-6;          // on dt ||F(phi)||_inf
  long max_iter = 100000;
  int check_every = 5;  // iterations between residual checks
  int max_halvings = 6;
  long stall_window = 2000;   // iterations in which the best residual must fall by 1%
  long refresh = 15;          // linearized: iterations between rebuilds of A~ and P
  double damping = 1.0;       // linearized: mu at the start of each step
  double min_speed = 1.0;     // spectral: kappa >= this
  bool predictor = true;      // spectral: start from the linearized predictor and its dual (always for linearized)
};

struct StepStats {
  long iterations = 0;
  double residual = 0.0;  // dt ||F(phi)||_inf at the returned phi
  double step = 0.0;      // s that converged
  int restarts = 0;       // halvings of s
  long rebuilds = 0;      // linearized: factorizations of P
  long rollbacks = 0;     // linearized: returns to the best iterate
  double rho_min = 0.0, rho_max = 0.0;  // of the last dual made (kept when the predictor settles a step)
};

class PdhgImplicitStep {
 public:
  PdhgImplicitStep(const HjGrid& grid, double visc, PdhgSettings settings);
  ~PdhgImplicitStep();
  // phi0: the previous level; phi: in = starting guess, out = the new level.
  // `alternative`, if given, is a second guess (e.g. extrapolated from two
  // levels): the start is the predictor with the smaller residual (the
  // alternative's must be 4 times smaller, see the header comment).
  // `step_number` only names the step in a RunError.
  StepStats solve(const std::vector<double>& phi0, double dt, std::vector<double>& phi, long step_number,
                  const std::vector<double>* alternative = nullptr);

  // Checkpoints: what one step hands to the next (rho, the controls, the
  // step size s, the damping and the rebuild counter). The rest is rebuilt
  // at the start of every step or is a cache keyed by what it depends on.
  void save_state(StateWriter& w) const;
  void load_state(const StateReader& r);

  // dt ||F(phi)||_inf of the implicit scheme, for checks.
  double residual(const std::vector<double>& phi0, const std::vector<double>& phi, double dt) const;

 private:
  void prepare_spectral(double dt, double speed);
  double max_speed(const std::vector<double>& phi) const;
  // A~ at the maximizers of phi; with `predict`, phi := A~^{-1} rhs. P
  // (linearized) and rho := A~^{-T} c/dt follow in complete_rebuild(),
  // called by the first PDHG iteration that needs them.
  void rebuild(const std::vector<double>& phi0, double dt, std::vector<double>& phi, bool predict);
  void complete_rebuild(double dt);
  // phi := A~^{-1} rhs, A~ at the maximizers of phi (the predictor alone).
  void predict(const std::vector<double>& phi0, double dt, std::vector<double>& phi);
  void factor_metric(const SparseMatrix& a, const SparseMatrix& at);  // linearized: P
  void solve_linear(const SparseMatrix& a, double dt, const std::vector<double>& b, std::vector<double>& x);
  void primal(const std::vector<double>& phi, double dt, double tau, std::vector<double>& phi_new);
  void dual(const std::vector<double>& phi0, const std::vector<double>& phibar, double dt, double sigma);

  const HjGrid& grid_;
  double visc_;
  PdhgSettings set_;
  // spectral
  std::unique_ptr<SpectralTransform> transform_;
  std::vector<double> lambda_;       // Laplacian symbol by mode
  std::vector<double> inv_precond_;  // 1 / P(lambda) for the current dt and speed
  double prepared_dt_ = -1.0, prepared_speed_ = -1.0;
  // linearized
  DirectSolver p_solver_, a_solver_;
  SparseMatrix pending_a_;  // A~ of the last rebuild, until complete_rebuild() uses it
  bool pending_ = false;    // P and rho not yet made for the last rebuild
  std::unique_ptr<KrylovSolver> krylov_;  // multi-D predictor and dual
  SparseMatrix ktk_;                      // K^T K for the model at ktk_time_
  double ktk_time_ = -1.0;
  double mu_ = 1.0;
  long rebuilds_ = 0;
  double step_ = 0.0;  // s to start the next step with (0: `step`)
  // state kept across steps (warm start)
  std::vector<double> rho_;
  SplitState split_;
  // work
  std::vector<double> grad_, w1_, w2_;
};

}  // namespace wprox::pdhg_hj
