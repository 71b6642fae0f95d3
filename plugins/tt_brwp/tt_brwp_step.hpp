#pragma once
// One TT-BRWP step (docs/tt-brwp.md). With rho_hat the density estimate
// (density_estimate.hpp) and the target's grid (target_grid.hpp), the
// regularized proximal of rho_hat is rho(x) = E(x) W(x),
//
//   W(x) = ∫ exp(-c |x - y|^2) rho_hat(y) / Z(y) dy,   c = beta / (4T),
//
// and the particles move by the preconditioned step
//
//   x <- x - h P [grad V(x) + beta^-1 grad log rho(x)]
//      = x - h P [grad V(x) / 2 + beta^-1 grad log W(x)],   P = (I + h H)^-1,
//
// H the model's Hessian (target_model.hpp) with the Gaussian estimate;
// with the particles estimate each particle gets its own
// P = (I + h (|grad^2 V(x)| / 2 + |J_W(x)| / beta))^-1, J_W the Jacobian of
// grad log W and |.| the matrix absolute value (steep concave directions
// and the repulsion of isolated particles are damped like stiff convex
// ones); at a Gaussian target's fixed point both are (I + h A)^-1. The
// bracket vanishes wherever rho is the target, so a preconditioner leaves
// every fixed point where it is and only damps the stiff directions
// (docs: stability).
//
// gaussian estimate: in the frame u, rho_hat / Z = exp(-u^T (S^-1 - diag p) u / 2
//   + u^T S^-1 mu) r(u), r = 1 / z; with Lambda = S^-1 - diag p + 2c I and
//   b(x) = S^-1 mu + 2c x (frame coordinates),
//     W(x) = exp(-c |x|^2) ∫ exp(-u^T Lambda u / 2 + u^T b(x)) r(u) du.
//   Exact form (full grids): Lambda = D + O (diagonal + off-diagonal), so
//     grad log W = 2c (D^-1 b - x) + 2c D^-1 grad log I(D^-1 b),
//     I(m) = ∫ Π_k N(u_k; m_k, 1/D_k) r~(u) du,  r~ = r exp(-u^T O u / 2),
//   r~ rebuilt on the full grid every step. Product form (large grids):
//     grad log W = 2c (m_W - x) + 2c Sigma grad log R(m_W),  Sigma = Lambda^-1, m_W = Sigma b,
//     R(m) = ∫ Π_k N(u_k; m_k, Sigma_kk) r(u) du,
//   the Gaussian's product of marginals in place of its correlations: exact
//   when r is constant (every Gaussian target) and otherwise in error by
//   the correlations of Sigma (at most ~T/beta times those of S^-1) times
//   r's mixed second derivatives.
// particles estimate: W(x) = Σ_j exp(-c |x - c_j|^2) / Z(c_j), exact; the
//   kernel sum of brwp with the shrunk centres and log Z from the grid
//   (no model: the grid holds E itself, on a box around the particles
//   where E is at least kReliable of its largest value). A centre outside
//   that box, or where the train's average is below kReliable of E's
//   maximum (no relative accuracy left), takes log Z from the second-order
//   expansion of V at its particle (Laplace, exact for quadratic V):
//     log Z = -beta V / 2 + (beta/2)^2 g^T A^-1 g / 2 - log det A / 2 + (d/2) log 2 pi,
//     A = beta H / 2 + 2c I  (beta H / 2 floored at -c I).
//   Such particles are a transient's stragglers in the far tails.
#include <cstdint>

#include "density_estimate.hpp"
#include "target_grid.hpp"

namespace wprox::tt_brwp {

enum class EstimateKind { Gaussian, Particles };

// Per-step quantities of the score, in the grid's frame.
struct StepState {
  EstimateKind kind = EstimateKind::Gaussian;
  GaussianEstimate gauss;
  // particles: V, grad V and the Hessian at each particle, set before prepare()
  Vector values;
  Particles grads;
  LocalCurvature curvature;
  PointEstimate points;
  std::vector<char> bulk;  // particles whose exp(-beta V / 2) is >= kReliable of the cloud's largest
  // gaussian
  bool exact = false;
  Vector b0;            // S_u^-1 mu_u
  Matrix lambda;        // Lambda
  Vector D;             // diag(Lambda)     (exact)
  Matrix sigma;         // Lambda^-1        (product form)
  TensorTrain tilde;    // r~               (exact)
  // particles
  RowMatrix centres_u;  // c_j in the frame
  Vector log_z;         // log Z(c_j)
  long laplace = 0;     // centres whose log Z came from the second-order expansion
  // diagnostics
  long evaluations = 0;  // values the step's TTs took (r~ on the full grid, Hessian gradients)
  double tt_error = 0;   // TT-SVD bound of r~
  int clipped = 0;
};

// The Gaussian means (rows, frame coordinates) and their standard
// deviations that the score will integrate against, for the box: the
// integrals need the grid to hold each mean +- margin sd.
struct Needs {
  RowMatrix means;
  Vector sd;
};

// Fills the estimate's part of st for grid g's frame and the particles X
// (with gradients G; the particles estimate needs st.curvature set).
// Computes no TT.
void prepare(const Potential& V, const TargetModel& model, double T, double beta, EstimateKind kind, bool exact,
             const Particles& X, const Particles& G, long step, StepState& st);
// The means and sds for st (after prepare) under model/T/beta.
Needs needs(const TargetModel& model, double T, double beta, const Particles& X, const StepState& st);
// The box holding needs with `margin` sds on each side and the model's centre (u = 0).
Box1 box_for(const Needs& n, const Vector& centre_sd, double margin);

// The TT and normalizers of the step on grid g (after prepare): r~ for the
// exact form, log Z(c_j) for the particles. RunError when a TT-SVD misses cross_tol.
void build_step(const TargetGrid& g, const Particles& X, double beta, double tol, int max_rank, long step,
                StepState& st);

// grad_x log W at every particle (N x d, original coordinates), and for
// the particles estimate, when jacobian is not null, its Jacobian (row i:
// d x d column-major, original coordinates). RunError when the residual's
// average is not positive at a particle.
void score(const TargetGrid& g, const StepState& st, const Particles& X, Particles& grad_log_w, long step,
           RowMatrix* jacobian = nullptr);

// log W at arbitrary points (original coordinates), up to one constant.
void log_w(const TargetGrid& g, const StepState& st, const RowMatrix& Y, Vector& out);

// X <- X - h P (G / 2 + grad_log_w / beta): with the Gaussian estimate
// P = (I + h H)^-1 with the model's H; with the particles estimate each
// particle's P = (I + h (|grad^2 V| / 2 + |J_W| / beta))^-1 (jacobian_w from score()).
void move_particles(const TargetModel& model, const StepState& st, double h, double beta, const Particles& G,
                    const Particles& grad_log_w, const RowMatrix& jacobian_w, Particles& X);

// The seed of the random choices of one cross: item 0 the grid's, 3 the final density's.
std::uint64_t cross_seed(std::uint64_t seed, std::uint64_t item, long step);

}  // namespace wprox::tt_brwp
