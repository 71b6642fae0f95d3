#pragma once
// MINRES (Paige & Saunders 1975): the Krylov solver for A x = b with A
// symmetric, definite or indefinite, given only products y = A x.
//
// At step k the iterate minimizes ||b - A x|| over x0 + K_k(A, r0) (with a
// preconditioner M: the M^{-1}-norm over x0 + K_k(M^{-1}A, M^{-1}r0)). The
// Lanczos recurrence builds an orthonormal basis of the Krylov space and a
// tridiagonal T_k; Givens rotations keep a QR factorization of T_k current,
// so x, and the residual norm, are updated with three vectors of memory and
// one product by A (and one by M^{-1}) per step. The residual norm is the
// recurrence's value, which in floating point follows the true residual
// ||b - A x|| closely until it reaches about eps ||A|| ||x||.
//
// Contracts:
//  * A must be symmetric (the solver does not check; a nonsymmetric A gives
//    a wrong answer, not an error). The preconditioner must be symmetric
//    positive definite: a negative M^{-1}-norm is an InputError.
//  * The callbacks receive x (n entries) and y, which arrives with n entries
//    to be overwritten (it may be resized; it must end with n entries:
//    DimensionMismatch otherwise). They are called from the calling thread.
//  * Non-convergence within max_iter is reported (converged = false), not
//    thrown: the caller decides whether an inexact solve is acceptable. A
//    product that returns NaN or Inf stops the solve at the last finite
//    iterate, with relative_residual = NaN.
//  * No printing, no global state; the result depends only on the inputs
//    (the same bits for any thread count when the callbacks are).
#include <functional>

#include "wprox/data.hpp"

namespace wprox {

// y = A x for a symmetric A (or y = M^{-1} x for a preconditioner M).
using SymmetricMap = std::function<void(const Vector& x, Vector& y)>;

struct MinresOptions {
  // Stop when ||b - A x||_W <= tol ||b||_W (W = M^{-1}, the identity without
  // a preconditioner). [0, 1); 0 runs to max_iter or an exact solution.
  double tol = 1e-8;
  // At most this many products by A after the initial residual. >= 1.
  long max_iter = 1000;
};

struct MinresResult {
  long iterations = 0;           // products by A in the Lanczos loop
  double relative_residual = 0;  // ||b - A x||_W / ||b||_W (recurrence value)
  bool converged = false;        // relative_residual <= tol
};

// Solves A x = b. On entry x is the initial guess (n = b.size() entries,
// DimensionMismatch otherwise; zeros for none), on return the iterate.
// b = 0 returns x = 0 at once (converged, 0 iterations). InputError when
// tol is outside [0, 1) or max_iter < 1.
MinresResult minres(const SymmetricMap& A, const Vector& b, Vector& x, const MinresOptions& options = {},
                    const SymmetricMap& preconditioner = {});

}  // namespace wprox
