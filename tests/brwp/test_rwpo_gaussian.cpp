// The RWPO of a Gaussian against its closed form (docs/samplers.md):
//   WProx(N(mu, Sigma)) = N(M^-1 mu, M^-1 Sigma M^-1 + (2T/beta) M^-1),
//   M = I + T A, for V = 1/2 x^T A x.
// Only the engine kernel sum and the Laplace normalizer are exercised: the
// kernel formula rho_T(x) = exp(-beta V(x)/2) ∫ exp(-beta|x-y|^2/(4T))
// rho0(y)/Z(y) dy is evaluated by a trapezoid rule over a grid of y, with
// b_j = log rho0(y_j) - log Z(y_j), c = beta/(4T); lse gives log rho_T(x) up
// to a constant and the weighted mean gives the score
//   grad log rho_T(x) = -(beta/2) A x - beta/(2T) (x - sum_j w_j y_j).
#include <Eigen/LU>

#include <cmath>

#include <wprox/quadratic_potential.hpp>
#include "log_normalizer.hpp"
#include "testing.hpp"

using namespace wprox;

namespace {

struct Case {
  double beta, T;
  Matrix A, Sigma;
  Vector mu;
};

void check_case(const Case& c) {
  const int d = 2;
  const QuadraticPotential V(c.A);
  const Matrix M = Matrix::Identity(d, d) + c.T * c.A;
  const Matrix Minv = M.inverse();
  const Vector muT = Minv * c.mu;
  const Matrix SigmaT = Minv * c.Sigma * Minv + (2 * c.T / c.beta) * Minv;
  const Matrix PT = SigmaT.inverse();

  // Grid over mu +- 10 sd of rho0. The integrand in y is Gaussian with
  // precision (beta/(2T)) M^-1 + Sigma^-1 (the -log Z term cancels part of
  // the kernel's beta/(2T)); its smallest sd s here is >= 0.2 (beta/(2T) <=
  // 20), and the trapezoid rule on a Gaussian has relative error
  // ~ 2 exp(-2 pi^2 s^2 / dy^2) = exp(-79) at dy <= 0.1: far below rounding. Truncating at 10 sd
  // costs exp(-50). So the only error left is rounding: exponents of size
  // <= ~300 carry ~1e-13 absolute error, giving ~1e-13 relative weight
  // errors, times beta/(2T) |y| <= 1e2 in the score: 1e-10 is a safe bound.
  const long n = 201;
  const Vector sd = c.Sigma.diagonal().cwiseSqrt();
  Particles Y(n * n, d);
  for (long a = 0; a < n; ++a)
    for (long b = 0; b < n; ++b) {
      Y(a * n + b, 0) = c.mu[0] + sd[0] * (-10.0 + 20.0 * double(a) / double(n - 1));
      Y(a * n + b, 1) = c.mu[1] + sd[1] * (-10.0 + 20.0 * double(b) / double(n - 1));
    }
  brwp::NormalizerSettings ns;
  ns.T = c.T;
  ns.beta = c.beta;
  ns.prox.tol = 1e-13;
  Vector b;
  brwp::neg_log_normalizer(V, Y, ns, 0, b);
  const Matrix Sinv = c.Sigma.inverse();
  for (long j = 0; j < Y.rows(); ++j) {
    const Vector r = Y.row(j).transpose() - c.mu;
    b[j] += -0.5 * r.dot(Sinv * r);  // log rho0 up to a constant
  }

  // Queries spread over rho_T's bulk.
  const long q = 40;
  Particles X(q, d);
  for (long i = 0; i < q; ++i) {
    X(i, 0) = muT[0] + 2.0 * std::sqrt(SigmaT(0, 0)) * std::cos(0.7 * double(i)) * (double(i) / q);
    X(i, 1) = muT[1] + 2.0 * std::sqrt(SigmaT(1, 1)) * std::sin(1.3 * double(i)) * (double(i) / q);
  }
  KernelRequest req;
  req.mean = req.lse = true;
  KernelResult k;
  kernel_sum(X, KernelSources::isotropic(Y, c.beta / (4 * c.T), b), req, k);
  const Particles& mean = k.mean;
  const Vector& lse = k.lse;

  double worst_score = 0, worst_logp = 0;
  const auto logp_exact = [&](const Vector& x) { return -0.5 * (x - muT).dot(PT * (x - muT)); };
  const auto logp_kernel = [&](long i) { return -0.5 * c.beta * V.value(X.row(i).data()) + lse[i]; };
  for (long i = 0; i < q; ++i) {
    const Vector x = X.row(i).transpose();
    const Vector score = -0.5 * c.beta * (c.A * x) - c.beta / (2 * c.T) * (x - mean.row(i).transpose());
    const Vector exact = -PT * (x - muT);
    worst_score = std::max(worst_score, (score - exact).norm() / std::max(1.0, exact.norm()));
    // log densities agree up to one constant: compare differences to query 0.
    const double dl = (logp_kernel(i) - logp_kernel(0)) - (logp_exact(x) - logp_exact(X.row(0).transpose()));
    worst_logp = std::max(worst_logp, std::abs(dl));
  }
  MESSAGE("RWPO closed form, beta=" << c.beta << " T=" << c.T << ": max score error " << worst_score
                                    << ", max log-density error " << worst_logp);
  CHECK(worst_score <= 1e-10);
  CHECK(worst_logp <= 1e-10);
}

}  // namespace

TEST_CASE("RWPO of a Gaussian: kernel sum + Laplace normalizer match N(M^-1 mu, M^-1 S M^-1 + 2T/beta M^-1)") {
  Case c;
  c.A = Matrix(2, 2);
  c.A << 1.5, 0.4, 0.4, 0.8;
  c.Sigma = Matrix(2, 2);
  c.Sigma << 0.6, 0.1, 0.1, 0.9;
  c.mu = Vector(2);
  c.mu << 0.5, -0.3;
  for (double beta : {2.0, 0.5}) {
    for (double T : {0.3, 0.05}) {
      c.beta = beta;
      c.T = T;
      check_case(c);
    }
  }
}
