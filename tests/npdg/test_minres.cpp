// MINRES against dense Eigen solves.
//
// Tolerances. For A x* = b and an iterate with residual r = b - A x,
// x - x* = A^{-1} r, so ||x - x*|| <= ||r|| / |lambda|_min and, since
// ||b|| <= |lambda|_max ||x*||, ||x - x*|| / ||x*|| <= kappa ||r|| / ||b||,
// kappa = |lambda|_max / |lambda|_min. MINRES stops when its recurrence
// residual is <= tol ||b||; the true residual differs from the recurrence by
// rounding, about n eps kappa ||b|| for these sizes (n <= 200, kappa <= 1e4:
// < 1e-9 ||b||). So each solve is checked against
//   true relative residual <= tol + 1e-9  and  relative error <= kappa (tol + 1e-9).
// The matrices are Q diag(lambda) Q' with Q orthogonal (QR of a Gaussian
// matrix), so kappa is known exactly.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include <Eigen/Dense>
#include <wprox/errors.hpp>
#include <wprox/minres.hpp>
#include <wprox/random.hpp>

using namespace wprox;

namespace {

Matrix orthogonal(long n, std::uint64_t seed) {
  Matrix G(n, n);
  RandomStream(seed, 7).normal(G.data(), G.size());
  return Eigen::HouseholderQR<Matrix>(G).householderQ();
}

Matrix with_spectrum(const Vector& lambda, std::uint64_t seed) {
  const Matrix Q = orthogonal(lambda.size(), seed);
  Matrix A = Q * lambda.asDiagonal() * Q.transpose();
  return 0.5 * (A + A.transpose());  // exactly symmetric
}

Vector normal(long n, std::uint64_t seed) {
  Vector v(n);
  RandomStream(seed, 3).normal(v.data(), n);
  return v;
}

SymmetricMap product(const Matrix& A) {
  return [&A](const Vector& x, Vector& y) { y.noalias() = A * x; };
}

// lambda_i log-spaced in [1, kappa], the sign of every third one flipped
// when indefinite.
Vector spectrum(long n, double kappa, bool indefinite) {
  Vector l(n);
  for (long i = 0; i < n; ++i) {
    l[i] = std::pow(kappa, double(i) / double(n - 1));
    if (indefinite && i % 3 == 1) l[i] = -l[i];
  }
  return l;
}

struct Check {
  double true_residual, error;
};

Check solve_and_compare(const Matrix& A, const Vector& b, const MinresOptions& o, MinresResult* out = nullptr) {
  Vector x = Vector::Zero(b.size());
  const MinresResult r = minres(product(A), b, x, o);
  const Vector exact = A.lu().solve(b);
  if (out) *out = r;
  return {(b - A * x).norm() / b.norm(), (x - exact).norm() / exact.norm()};
}

}  // namespace

TEST_CASE("minres solves SPD and symmetric indefinite systems to the error bound kappa * tol") {
  const long n = 120;
  for (bool indefinite : {false, true}) {
    for (double kappa : {10.0, 1e3}) {
      CAPTURE(indefinite);
      CAPTURE(kappa);
      const Matrix A = with_spectrum(spectrum(n, kappa, indefinite), 11 + long(kappa));
      const Vector b = normal(n, 5);
      MinresOptions o;
      o.tol = 1e-10;
      o.max_iter = 10 * n;
      MinresResult r;
      const Check c = solve_and_compare(A, b, o, &r);
      MESSAGE("indefinite " << indefinite << " kappa " << kappa << ": " << r.iterations << " iterations, reported "
                            << r.relative_residual << ", true residual " << c.true_residual << ", error "
                            << c.error);
      CHECK(r.converged);
      CHECK(r.relative_residual <= o.tol);
      CHECK(c.true_residual <= o.tol + 1e-9);
      CHECK(c.error <= kappa * (o.tol + 1e-9));
    }
  }
}

TEST_CASE("minres is exact after as many steps as A has distinct eigenvalues") {
  // In exact arithmetic the Krylov space of a matrix with m distinct
  // eigenvalues has dimension <= m and contains A^{-1} b: the m-th iterate is
  // exact. Here n = 40 with m = 3 (SPD) and m = 4 (indefinite), kappa <= 4:
  // rounding leaves a residual of a few eps.
  const long n = 40;
  for (bool indefinite : {false, true}) {
    Vector l(n);
    const int m = indefinite ? 4 : 3;
    for (long i = 0; i < n; ++i) l[i] = (indefinite && i % m == 3) ? -2.0 : 1.0 + double(i % m);
    const Matrix A = with_spectrum(l, 3);
    const Vector b = normal(n, 8);
    MinresOptions o;
    o.tol = 0.0;
    o.max_iter = m;
    MinresResult r;
    const Check c = solve_and_compare(A, b, o, &r);
    MESSAGE(m << " distinct eigenvalues: residual " << c.true_residual << ", error " << c.error << " after "
              << r.iterations << " steps");
    CHECK(r.iterations <= m);
    CHECK(c.true_residual < 1e-12);
    CHECK(c.error < 1e-12);
  }
  // A general small system: n steps suffice.
  const long k = 8;
  const Matrix A = with_spectrum(spectrum(k, 10.0, true), 4);
  const Vector b = normal(k, 9);
  MinresOptions o;
  o.tol = 0.0;
  o.max_iter = k;
  const Check c = solve_and_compare(A, b, o);
  CHECK(c.true_residual < 1e-12);
  CHECK(c.error < 1e-11);
}

TEST_CASE("minres: zero right-hand side gives zero at once; an exact initial guess needs no step") {
  const Matrix A = with_spectrum(spectrum(10, 5.0, false), 1);
  Vector x = normal(10, 2);
  MinresResult r = minres(product(A), Vector::Zero(10), x);
  CHECK(r.converged);
  CHECK(r.iterations == 0);
  CHECK(r.relative_residual == 0.0);
  CHECK(x.isZero(0.0));

  const Vector b = normal(10, 3);
  x = A.lu().solve(b);
  MinresOptions o;
  o.tol = 1e-12;
  r = minres(product(A), b, x, o);
  CHECK(r.converged);
  CHECK(r.iterations == 0);
}

TEST_CASE("minres: a warm start is measured against ||b|| and converges from there") {
  const long n = 80;
  const Matrix A = with_spectrum(spectrum(n, 100.0, true), 6);
  const Vector b = normal(n, 4), exact = A.lu().solve(b);
  Vector x = exact + 1e-3 * normal(n, 12);
  MinresOptions o;
  o.tol = 1e-10;
  const MinresResult r = minres(product(A), b, x, o);
  CHECK(r.converged);
  CHECK((b - A * x).norm() / b.norm() <= o.tol + 1e-9);
}

TEST_CASE("minres reports non-convergence without throwing, with the residual it reached") {
  const long n = 200;
  const Matrix A = with_spectrum(spectrum(n, 1e4, false), 2);
  const Vector b = normal(n, 1);
  MinresOptions o;
  o.tol = 1e-12;
  o.max_iter = 5;
  MinresResult r;
  const Check c = solve_and_compare(A, b, o, &r);
  CHECK_FALSE(r.converged);
  CHECK(r.iterations == 5);
  CHECK(r.relative_residual > o.tol);
  // The reported value is the residual reached (rounding: see the top).
  CHECK(std::abs(r.relative_residual - c.true_residual) <= 1e-9);
}

TEST_CASE("minres with a Jacobi preconditioner: fewer steps on a badly scaled system, same answer") {
  // A = D B D with B well conditioned and D spanning 1e-2..1e2: the diagonal
  // preconditioner M = diag(A) removes most of the scaling. The reported
  // residual is in the M^{-1} norm; the error bound uses kappa(A) <= 1e9,
  // so only the M^{-1}-norm residual and the M^{-1}-norm
  // identity are checked tightly and the error against 1e-6.
  const long n = 100;
  const Matrix B = with_spectrum(spectrum(n, 10.0, false), 9);
  Vector d(n);
  for (long i = 0; i < n; ++i) d[i] = std::pow(10.0, -2.0 + 4.0 * double(i) / double(n - 1));
  const Matrix A = d.asDiagonal() * B * d.asDiagonal();
  const Vector b = normal(n, 10), exact = A.lu().solve(b);
  const Vector inv_diag = A.diagonal().cwiseInverse();
  const SymmetricMap jacobi = [&](const Vector& x, Vector& y) { y = inv_diag.cwiseProduct(x); };
  MinresOptions o;
  o.tol = 1e-10;
  o.max_iter = 2000;
  Vector x = Vector::Zero(n), x_plain = Vector::Zero(n);
  const MinresResult rp = minres(product(A), b, x, o, jacobi);
  const MinresResult r0 = minres(product(A), b, x_plain, o);
  MESSAGE("preconditioned: " << rp.iterations << " steps; plain: " << r0.iterations << " steps (converged "
                             << r0.converged << ")");
  CHECK(rp.converged);
  CHECK(rp.iterations < r0.iterations);
  const Vector r = b - A * x;
  const double true_w = std::sqrt(r.dot(inv_diag.cwiseProduct(r)) / b.dot(inv_diag.cwiseProduct(b)));
  CHECK(true_w <= o.tol + 1e-9);
  CHECK((x - exact).norm() / exact.norm() < 1e-6);
}

TEST_CASE("minres: bad input is an InputError; a NaN product is reported, not thrown") {
  const Matrix A = with_spectrum(spectrum(6, 3.0, false), 1);
  const Vector b = normal(6, 1);
  Vector x = Vector::Zero(6);
  MinresOptions o;
  o.tol = 1.0;
  CHECK_THROWS_AS(minres(product(A), b, x, o), InputError);
  o.tol = -1e-3;
  CHECK_THROWS_AS(minres(product(A), b, x, o), InputError);
  o = MinresOptions{};
  o.max_iter = 0;
  CHECK_THROWS_AS(minres(product(A), b, x, o), InputError);
  Vector short_x = Vector::Zero(5);
  CHECK_THROWS_AS(minres(product(A), b, short_x, MinresOptions{}), DimensionMismatch);
  const SymmetricMap negative = [](const Vector& v, Vector& y) { y = -v; };
  CHECK_THROWS_AS(minres(product(A), b, x, MinresOptions{}, negative), InputError);
  const SymmetricMap wrong_size = [](const Vector&, Vector& y) { y = Vector::Zero(3); };
  CHECK_THROWS_AS(minres(wrong_size, b, x, MinresOptions{}), DimensionMismatch);
  try {
    o.tol = -1e-3;
    o.max_iter = 10;
    minres(product(A), b, x, o);
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("tol = -0.001") != std::string::npos);
  }

  int calls = 0;
  const SymmetricMap poisoned = [&](const Vector& v, Vector& y) {
    y = A * v;
    if (++calls == 3) y[0] = std::nan("");
  };
  x.setZero();
  const MinresResult r = minres(poisoned, b, x, MinresOptions{});
  CHECK_FALSE(r.converged);
  CHECK(std::isnan(r.relative_residual));
  CHECK(r.iterations == 3);
  CHECK(x.allFinite());
}
