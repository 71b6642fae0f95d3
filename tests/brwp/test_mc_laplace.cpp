// The Monte Carlo normalizer converges to the Laplace one (exact for
// quadratic V) at the statistical rate derived here.
//
// V = (a/2)|x|^2 in d dimensions. Monte Carlo estimates E W with
// W = exp(-beta V(z)/2), z ~ N(y, sigma^2 I), sigma^2 = 2T/beta. With
// E exp(-g|z|^2) = (1 + 2 g sigma^2)^(-d/2) exp(-g|y|^2/(1 + 2 g sigma^2)):
// - g = beta a/4 gives E W = M^(-d/2) exp(-beta a |y|^2/(4M)), M = 1 + aT,
//   so -log E W = b_laplace + (d/2) log M exactly (Laplace gives
//   beta a|y|^2/(4M));
// - g = beta a/2 gives E W^2, and the relative variance
//   r(y) = E W^2 / (E W)^2 - 1
//        = (M^2/(1 + 2aT))^(d/2) exp(beta a |y|^2 (1/M - 1/(1 + 2aT))/2) - 1.
// By the delta method -log(mean of S draws) = -log E W + e with
// E e ~ r/(2S) and Var e ~ r/S (+ O(S^-2)).
#include <cmath>

#include "gaussian_helpers.hpp"
#include "testing.hpp"

using namespace wprox;
using namespace wprox::brwp_tests;

namespace {

struct Setup {
  int d = 2;
  double a = 1.0, beta = 1.5, T = 0.1;
  long N = 2000;
};

Particles cloud(const Setup& s) {
  Particles Y(s.N, s.d);
  for (long i = 0; i < s.N; ++i) RandomStream(99, std::uint64_t(i)).normal(Y.row(i).data(), s.d);
  return Y;
}

brwp::NormalizerSettings settings(const Setup& s, brwp::ZMethod m, long S) {
  brwp::NormalizerSettings ns;
  ns.method = m;
  ns.T = s.T;
  ns.beta = s.beta;
  ns.mc_samples = S;
  ns.seed = 5;
  ns.prox.tol = 1e-13;
  return ns;
}

}  // namespace

TEST_CASE("mc normalizer: error against laplace matches the derived Monte Carlo variance") {
  const Setup s;
  const QuadraticPotential V(s.a * Matrix::Identity(s.d, s.d));
  const Particles Y = cloud(s);
  Vector b_lap, b_mc;
  brwp::neg_log_normalizer(V, Y, settings(s, brwp::ZMethod::Laplace, 1), 1, b_lap);
  const double M = 1 + s.a * s.T;
  const double C = 0.5 * s.d * std::log(M);
  double prev_rms = 0;
  for (long S : {10L, 100L, 1000L}) {
    CAPTURE(S);
    brwp::neg_log_normalizer(V, Y, settings(s, brwp::ZMethod::MonteCarlo, S), 1, b_mc);
    double sum_u2 = 0, sum_e2 = 0;
    for (long j = 0; j < s.N; ++j) {
      const double y2 = Y.row(j).squaredNorm();
      const double r = std::pow(M * M / (1 + 2 * s.a * s.T), 0.5 * s.d) *
                           std::exp(0.5 * s.beta * s.a * y2 * (1 / M - 1 / (1 + 2 * s.a * s.T))) -
                       1;
      const double e = b_mc[j] - b_lap[j] - C;
      sum_u2 += e * e / (r / double(S));
      sum_e2 += e * e;
    }
    const double mean_u2 = sum_u2 / double(s.N), rms = std::sqrt(sum_e2 / double(s.N));
    MESSAGE("mc_samples=" << S << ": rms |b_mc - b_laplace - C| = " << rms
                          << ", mean squared standardized error = " << mean_u2 << " (expected 1)");
    // mean_u2 averages N = 2000 independent ~chi^2_1 values: sd ~ sqrt(2/N)
    // = 0.032 (a bit more for the y-dependent kurtosis); 0.15 is ~4.5 sd.
    // The squared bias (r/2S)^2 / (r/S) = r/(4S) <= 0.01 at S = 10.
    CHECK(std::abs(mean_u2 - 1) <= 0.15);
    if (prev_rms > 0) {
      // rms ~ 1/sqrt(S): a factor sqrt(10) = 3.16 per decade, +-15%.
      CHECK(prev_rms / rms >= 3.16 * 0.85);
      CHECK(prev_rms / rms <= 3.16 * 1.15);
    }
    prev_rms = rms;
  }
}

TEST_CASE("a BRWP step with z=mc converges to the z=laplace step as mc_samples grows") {
  const Setup s;
  const QuadraticPotential V(s.a * Matrix::Identity(s.d, s.d));
  const Particles Y = cloud(s);
  auto st = laplace_settings(0.1, s.T, s.beta);
  Particles X_lap = Y;
  brwp::StepWorkspace ws;
  brwp::brwp_step(V, X_lap, st, 1, ws);
  double prev = 0;
  for (long S : {10L, 1000L}) {
    st.z = settings(s, brwp::ZMethod::MonteCarlo, S);
    Particles X_mc = Y;
    brwp::brwp_step(V, X_mc, st, 1, ws);
    const double diff = std::sqrt((X_mc - X_lap).squaredNorm() / double(s.N));
    MESSAGE("BRWP step, mc_samples=" << S << ": rms |x_mc - x_laplace| = " << diff);
    // The step is smooth in b, so the difference is linear in the b noise:
    // 1/sqrt(S), a factor 10 per two decades (+-25%: the per-step error
    // mixes N noisy weights, whose average shrinks the same way).
    if (prev > 0) {
      CHECK(prev / diff >= 10 * 0.75);
      CHECK(prev / diff <= 10 * 1.25);
    }
    prev = diff;
  }
}
