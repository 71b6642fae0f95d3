#pragma once
// Discrete references for the mfc tests: the fixed points of the two explicit
// schemes within the quadratic ansatz phi_k(x) = P_k |x|^2 / 2 + Q_k, where
// the least-squares fit is exact, for the Gaussian family with exact score
// and log density (flow score; infinitely many particles). They isolate the
// time discretization from the network: the network methods converge to
// these, not to p(t).
//
// Score scheme (flow score, exact for quadratic phi and Gaussian rho): a
// particle is x_k = m_k x_0 with score c_k x_0 and Hessian of log rho h_k I:
//   m_{k+1} = m_k (1 - dt P_k) - nu dt c_k,   c_{k+1} = c_k (1 + dt (P_k + nu h_k)),
//   h_{k+1} = h_k + 2 dt (P_k + nu h_k) h_k,  m_0 = 1, c_0 = h_0 = -1/s0,
// and the |x_0|^2 coefficient of y_k = y_{k+1} + dt (...)_k gives, with r = nu c_k / m_k,
//   P_k / 2 = P_{k+1} (1 - dt (P_k + r))^2 / 2 + dt (P_k^2 / 2 + P_k r + a_k / 2),
// a quadratic in P_k (the root that tends to P_{k+1} as dt -> 0). The entropy
// term c log rho enters as a_k = a - c / (s0 m_k^2): the flow's log rho along a
// particle keeps the x_0-dependence -|x_0|^2 / (2 s0) of log rho_0 (its rate
// Laplace phi + nu tr H does not depend on x). P couples to (m, c, h) only at
// O(dt^2) for c = 0 and at O(1) through a_k for c > 0; alternating the
// backward and forward sweeps converges in a few tens of rounds.
//
// BSDE scheme (Euler-Maruyama, conditional expectation of the targets):
//   E[|X_{k+1}|^2 | X_k] = (1 - dt P_k)^2 |X_k|^2 + 2 nu d dt  gives
//   P_k / 2 = P_{k+1} (1 - dt P_k)^2 / 2 + dt (P_k^2 + a_k) / 2,   a_k = a - c / v_k,
// with the variance per coordinate v_{k+1} = (1 - dt P_k)^2 v_k + 2 nu dt
// (log rho of N(0, v_k) exactly), again alternated to convergence.
#include <cmath>
#include <vector>

#include "gaussian_mfc.hpp"

namespace mfc_test {

// The root of P/2 = Pn (1 - dt (P + r))^2 / 2 + dt (P^2/2 + P r + a/2) near Pn.
inline double solve_step(double Pn, double dt, double r, double a) {
  const double al = -0.5 * Pn * dt * dt - 0.5 * dt;
  const double be = 0.5 + Pn * dt - Pn * dt * dt * r - dt * r;
  const double ga = -0.5 * Pn + Pn * dt * r - 0.5 * Pn * dt * dt * r * r - 0.5 * dt * a;
  return -2 * ga / (be + std::sqrt(be * be - 4 * al * ga));
}

struct DiscreteFixedPoint {
  std::vector<double> P;  // P_0..P_M
  double variance_T = 0;  // particle variance per coordinate at T
};

inline DiscreteFixedPoint score_fixed_point(const wprox::mfc::GaussianMfcParams& m, long M) {
  const double dt = m.T / double(M);
  DiscreteFixedPoint out;
  std::vector<double> r(M + 1, -m.nu / m.s0), P(M + 1, m.b), mm(M + 1, 1.0);
  for (int round = 0; round < 200; ++round) {
    P[M] = m.b;
    for (long k = M - 1; k >= 0; --k) P[k] = solve_step(P[k + 1], dt, r[k], m.a - m.c / (m.s0 * mm[k] * mm[k]));
    double mk = 1, ck = -1 / m.s0, hk = -1 / m.s0;
    for (long k = 0; k < M; ++k) {
      r[k] = m.nu * ck / mk;
      mm[k] = mk;
      const double mn = mk * (1 - dt * P[k]) - m.nu * dt * ck;
      ck *= 1 + dt * (P[k] + m.nu * hk);
      hk += 2 * dt * (P[k] + m.nu * hk) * hk;
      mk = mn;
    }
    mm[M] = mk;
  }
  out.P = P;
  out.variance_T = m.s0 * mm[M] * mm[M];
  return out;
}

inline DiscreteFixedPoint bsde_fixed_point(const wprox::mfc::GaussianMfcParams& m, long M) {
  const double dt = m.T / double(M);
  DiscreteFixedPoint out;
  out.P.assign(M + 1, m.b);
  std::vector<double> v(M + 1, m.s0);
  for (int round = 0; round < 200; ++round) {
    for (long k = M - 1; k >= 0; --k) out.P[k] = solve_step(out.P[k + 1], dt, 0.0, m.a - m.c / v[k]);
    for (long k = 0; k < M; ++k) v[k + 1] = (1 - dt * out.P[k]) * (1 - dt * out.P[k]) * v[k] + 2 * m.nu * dt;
  }
  out.variance_T = v[M];
  return out;
}

// Least-squares slope of log e against log dt.
inline double slope(const std::vector<double>& dt, const std::vector<double>& e) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double n = double(dt.size());
  for (size_t i = 0; i < dt.size(); ++i) {
    const double x = std::log(dt[i]), y = std::log(e[i]);
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace mfc_test
