// MINRES by the Lanczos process and a running QR factorization of the
// Lanczos tridiagonal (Paige & Saunders 1975, in the preconditioned form of
// their later code).
//
// Lanczos with the preconditioner M (the M^{-1} inner product): from
// z_1 = r_0 = b - A x_0, q_k = M^{-1} z_k, beta_k = sqrt(z_k' q_k) and
// v_k = q_k / beta_k,
//   z_{k+1} = A v_k - (alpha_k / beta_k) z_k - (beta_k / beta_{k-1}) z_{k-1},
//   alpha_k = v_k' A v_k,
// so that A V_k = Z_{k+1} T_k with T_k the (k+1) x k tridiagonal of alphas
// (diagonal) and betas (off the diagonal). Without a preconditioner z_k is
// beta_k times the k-th orthonormal Lanczos vector.
//
// QR of T_k by reflections [c s; s -c]: column k arrives as
// (beta_k, alpha_k, beta_{k+1}) in rows k-1, k, k+1. The reflection of step
// k-2 turns (0, beta_k) into (eps_k, dbar_k); that of step k-1 turns
// (dbar_k, alpha_k) into (delta_k, gbar_k); the new one, chosen to zero
// beta_{k+1}, makes gamma_k = |(gbar_k, beta_{k+1})|. The two "future"
// entries eps_{k+1}, dbar_{k+1} depend only on beta_{k+1} and step k-1's
// reflection, so each step computes them for the next. The same reflections
// turn beta_1 e_1 into (phi_1, ..., phi_k, phibar_k): x_k = x_0 + W_k phi
// with W_k = V_k R_k^{-1} (three-term recurrence) and |phibar_k| the
// residual norm.
#include "wprox/minres.hpp"

#include <cmath>

#include "wprox/errors.hpp"

namespace wprox {
namespace {

void apply(const SymmetricMap& f, const Vector& x, Vector& y, const char* what) {
  y.resize(x.size());
  f(x, y);
  WPROX_REQUIRE(y.size() == x.size(), DimensionMismatch,
                "minres: the " << what << " returned " << y.size() << " entries for a vector of " << x.size());
}

// q = M^{-1} z (q = z without a preconditioner); returns z' q.
double precondition(const SymmetricMap& M, const Vector& z, Vector& q) {
  if (M)
    apply(M, z, q, "preconditioner");
  else
    q = z;
  const double s = z.dot(q);
  WPROX_REQUIRE(!(s < 0), InputError,
                "minres: the preconditioner is not positive definite (z' M^-1 z = " << s << " < 0)");
  return s;
}

}  // namespace

MinresResult minres(const SymmetricMap& A, const Vector& b, Vector& x, const MinresOptions& o,
                    const SymmetricMap& M) {
  WPROX_REQUIRE(bool(A), InputError, "minres: no operator was given");
  WPROX_REQUIRE(o.tol >= 0 && o.tol < 1, InputError, "minres: tol = " << o.tol << " is outside [0, 1)");
  WPROX_REQUIRE(o.max_iter >= 1, InputError, "minres: max_iter = " << o.max_iter << " must be at least 1");
  const long n = b.size();
  WPROX_REQUIRE(x.size() == n, DimensionMismatch,
                "minres: initial guess has " << x.size() << " entries, the right-hand side " << n);

  MinresResult res;
  Vector q;
  if ((b.array() == 0.0).all()) {
    x.setZero();
    res.converged = true;
    return res;
  }
  const double bnorm = std::sqrt(precondition(M, b, q));

  // z_{k-1}, z_k and the residual of the initial guess.
  Vector z_old = Vector::Zero(n), z = b, p(n);
  double beta = bnorm;
  if (!(x.array() == 0.0).all()) {
    apply(A, x, p, "operator");
    z -= p;
    beta = std::sqrt(precondition(M, z, q));
  }
  res.relative_residual = beta / bnorm;
  if (!std::isfinite(res.relative_residual)) {
    res.relative_residual = std::nan("");
    return res;
  }
  if (res.relative_residual <= o.tol) {
    res.converged = true;
    return res;
  }

  Vector v(n), w = Vector::Zero(n), w1 = Vector::Zero(n), w2 = Vector::Zero(n);
  double beta_old = 0.0;
  double c = -1.0, s = 0.0;             // the last reflection (the first acts as the identity)
  double dbar = 0.0, eps_next = 0.0;    // entries of the coming column after the older reflections
  double phibar = beta;                 // rotated right-hand side: residual norm
  for (long k = 1; k <= o.max_iter; ++k) {
    v = q / beta;
    apply(A, v, p, "operator");
    if (k > 1) p -= (beta / beta_old) * z_old;
    const double alpha = v.dot(p);
    p -= (alpha / beta) * z;
    z_old.swap(z);
    z.swap(p);
    beta_old = beta;
    const double beta_sq = precondition(M, z, q);
    beta = std::sqrt(beta_sq);
    if (!std::isfinite(alpha) || !std::isfinite(beta)) {
      res.iterations = k;
      res.relative_residual = std::nan("");
      res.converged = false;
      return res;
    }

    // Column k of R, and the future entries of column k + 1.
    const double eps = eps_next;
    const double delta = c * dbar + s * alpha;
    const double gbar = s * dbar - c * alpha;
    eps_next = s * beta;
    dbar = -c * beta;
    const double gamma = std::hypot(gbar, beta);
    res.iterations = k;
    if (gamma == 0.0) break;  // T_k singular and the Krylov space invariant: no further progress
    c = gbar / gamma;
    s = beta / gamma;
    const double phi = c * phibar;
    phibar = s * phibar;

    // w_k = (v_k - eps_k w_{k-2} - delta_k w_{k-1}) / gamma_k; x += phi_k w_k.
    w2.swap(w1);  // w2 = w_{k-2}
    w1.swap(w);   // w1 = w_{k-1}
    w = (v - eps * w2 - delta * w1) / gamma;
    x += phi * w;

    res.relative_residual = std::abs(phibar) / bnorm;
    if (res.relative_residual <= o.tol || beta == 0.0) break;
  }
  res.converged = res.relative_residual <= o.tol;
  return res;
}

}  // namespace wprox
