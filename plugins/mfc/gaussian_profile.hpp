#pragma once
// The closed-form solution of the Gaussian test family of mean-field control
// problems (docs/mean-field-control.md §3):
//
//   rho_0 = N(0, s0 I) in R^dim,   noise nu,   horizon T,
//   running cost  (1/2)|v|^2 + (a/2)|x|^2 + c log rho   (per unit mass),
//   terminal cost (b/2)|x|^2.
//
// The optimal density stays Gaussian, rho_t = N(0, s(t) I), and the value is
// phi(t, x) = p(t)|x|^2 / 2 + q(t), with
//
//   s' = -2 p s + 2 nu,              s(0) = s0,
//   p' = p^2 - a + c / s,            p(T) = b,
//   q' = -nu dim p - c + (c dim / 2) log(2 pi s),   q(T) = 0.
//
// c = 0 ("lq"): the Riccati equation decouples; with k = sqrt(a) and
// u(t) = cosh k(T-t) + (b/k) sinh k(T-t): p = -u'/u, q = nu dim log u and
// s(t) = s0 u(t)^2 / u(0)^2 + 2 nu u(t) sinh(k t) / (k u(0)), all in closed form.
// c > 0 ("entropy"): the (p, s) two-point problem is solved by shooting on
// p(0) with CVODE (rtol 1e-12) and a safeguarded secant/bisection root finder;
// p, s and q are then tabulated on a fine grid and read back by cubic Hermite
// interpolation with the ODE's own derivatives (error ~1e-13).
#include <vector>

namespace wprox::mfc {

struct GaussianMfcParams {
  double a = 1.0;   // weight of the potential (a/2)|x|^2; a >= 0
  double b = 0.5;   // terminal weight (b/2)|x|^2; any real for which a solution exists
  double c = 0.0;   // weight of the entropy c log rho; c >= 0 (0: the lq problem)
  double nu = 1.0;  // noise (diffusion coefficient, 1/beta); nu >= 0
  double s0 = 0.7;  // initial variance per coordinate; s0 > 0
  double T = 1.0;   // horizon; T > 0
  int dim = 2;      // space dimension; 1..10
};

// InputError naming the first parameter out of range and the allowed range.
void validate(const GaussianMfcParams& p);

class GaussianProfile {
 public:
  // Validates, then solves. InputError when the problem has no solution:
  // c = 0 with b < 0 so negative that u vanishes on [0, T] (the Riccati
  // solution blows up), or c > 0 where no p(0) reaches p(T) = b.
  explicit GaussianProfile(const GaussianMfcParams& params);

  const GaussianMfcParams& params() const { return prm_; }
  // t is clamped to [0, T].
  double p(double t) const;
  double s(double t) const;
  double q(double t) const;
  // The right-hand sides of the three ODEs at t (for residual checks).
  double dp(double t) const;
  double ds(double t) const;
  double dq(double t) const;

  // Root-finder evaluations of the shooting residual (0 for c = 0).
  int shooting_evaluations() const { return evals_; }

 private:
  struct Node {
    double p, s, Q;  // Q(t) = int_0^t (nu dim p + c - (c dim/2) log(2 pi s)), q = Q(T) - Q
  };
  double hermite(double t, int which) const;
  void solve_entropy();

  GaussianMfcParams prm_;
  double k_ = 0, u0_ = 1;    // lq closed form
  std::vector<Node> nodes_;  // entropy table on a uniform grid of [0, T]
  double h_ = 0;
  int evals_ = 0;
};

}  // namespace wprox::mfc
