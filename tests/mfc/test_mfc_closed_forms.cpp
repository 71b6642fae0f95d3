// The Gaussian family's closed forms (gaussian_profile.hpp, gaussian_mfc.hpp)
// against reference numbers, an independent RK4 integration, the ODE and PDE
// residuals, and finite differences; and the refusal of bad parameters.
//
// Tolerances:
//  * reference numbers: the lq values are given to 10 decimals (rounding
//    5e-11, closed form exact to ~1e-15): 1e-9. The entropy values are given to
//    8 decimals (rounding 5e-9); the shooting is accurate to ~1e-10: 1e-7.
//  * RK4 with step 1e-3 on smooth O(1) solutions: global error ~h^4 = 1e-12: 1e-10.
//  * central differences in t with step h = 1e-4: truncation h^2 |y'''| / 6
//    ~ 2e-9 |y'''|, round-off eps |y| / h ~ 2e-12; the Hermite table adds
//    ~1e-13: tolerance 1e-7 (|y'''| up to ~10 here). Second differences in x
//    (h = 1e-3 on a quadratic): exact up to round-off eps |phi| / h^2 ~ 1e-9: 1e-7.
#include <cmath>
#include <functional>

#include "gaussian_mfc.hpp"
#include "testing.hpp"

using namespace wprox;
using namespace wprox::mfc;

namespace {

GaussianMfcParams lq_reference() {
  GaussianMfcParams p;  // a = 1, b = 0.5, c = 0, nu = 1, s0 = 0.7, T = 1, dim = 2
  return p;
}

GaussianMfcParams entropy_reference() {
  GaussianMfcParams p;
  p.a = 1, p.b = 0.5, p.c = 1, p.nu = 1, p.s0 = 1, p.T = 1, p.dim = 2;
  return p;
}

// (p, s, q) by RK4 forward from (p(0), s0, q(0)), step h.
struct Rk4Profile {
  std::vector<double> p, s, q;
};
Rk4Profile rk4(const GaussianMfcParams& m, double p0, double q0, int steps) {
  const double h = m.T / steps, two_pi = 2 * M_PI;
  auto f = [&](const double* y, double* dy) {
    dy[0] = y[0] * y[0] - m.a + m.c / y[1];
    dy[1] = -2 * y[0] * y[1] + 2 * m.nu;
    dy[2] = -m.nu * m.dim * y[0] - m.c + 0.5 * m.c * m.dim * std::log(two_pi * y[1]);
  };
  Rk4Profile out;
  double y[3] = {p0, m.s0, q0};
  for (int k = 0; k <= steps; ++k) {
    out.p.push_back(y[0]), out.s.push_back(y[1]), out.q.push_back(y[2]);
    if (k == steps) break;
    double k1[3], k2[3], k3[3], k4[3], t[3];
    f(y, k1);
    for (int i = 0; i < 3; ++i) t[i] = y[i] + 0.5 * h * k1[i];
    f(t, k2);
    for (int i = 0; i < 3; ++i) t[i] = y[i] + 0.5 * h * k2[i];
    f(t, k3);
    for (int i = 0; i < 3; ++i) t[i] = y[i] + h * k3[i];
    f(t, k4);
    for (int i = 0; i < 3; ++i) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return out;
}

double fd_t(const std::function<double(double)>& y, double t, double h = 1e-4) {
  return (y(t + h) - y(t - h)) / (2 * h);
}

std::string input_error_of(const GaussianMfcParams& p) {
  try {
    GaussianMfc m(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("lq closed form: reference p(0), s(T) and the RK4 solution") {
  const GaussianProfile g(lq_reference());
  CHECK(std::abs(g.p(0) - 0.9136709340) < 1e-9);
  CHECK(std::abs(g.s(1) - 1.2573142201) < 1e-9);
  CHECK(g.p(1) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(g.q(1) == doctest::Approx(0.0).epsilon(1e-15));
  CHECK(g.s(0) == doctest::Approx(0.7).epsilon(1e-15));
  const int n = 1000;
  const Rk4Profile r = rk4(lq_reference(), g.p(0), g.q(0), n);
  for (int k = 0; k <= n; k += 50) {
    const double t = double(k) / n;
    CAPTURE(t);
    CHECK(std::abs(r.p[k] - g.p(t)) < 1e-10);
    CHECK(std::abs(r.s[k] - g.s(t)) < 1e-10);
    CHECK(std::abs(r.q[k] - g.q(t)) < 1e-10);
  }
}

TEST_CASE("lq closed form without potential (a = 0) and with a negative terminal weight") {
  GaussianMfcParams m = lq_reference();
  m.a = 0;
  m.b = -0.4;  // u = 1 - 0.4 (T - t) stays positive on [0, 1]
  const GaussianProfile g(m);
  const Rk4Profile r = rk4(m, g.p(0), g.q(0), 1000);
  CHECK(std::abs(g.p(0) - (-0.4 / 0.6)) < 1e-12);  // p = b / (1 + b (T - t))
  CHECK(std::abs(r.p.back() - m.b) < 1e-10);
  CHECK(std::abs(r.s.back() - g.s(1)) < 1e-10);
  CHECK(std::abs(r.q.back()) < 1e-10);
}

TEST_CASE("entropy shooting: reference p(0), s(T), the stationary solution and the ODE residuals") {
  const GaussianProfile g(entropy_reference());
  CHECK(std::abs(g.p(0) - 0.48040915) < 1e-7);
  CHECK(std::abs(g.s(1) - 1.60023170) < 1e-7);
  CHECK(std::abs(g.p(1) - 0.5) < 1e-9);
  CHECK(std::abs(g.q(1)) < 1e-12);
  CHECK(g.shooting_evaluations() < 100);
  // An independent integration from the shot p(0) lands on p(T) = b.
  const Rk4Profile r = rk4(entropy_reference(), g.p(0), g.q(0), 1000);
  CHECK(std::abs(r.p.back() - 0.5) < 1e-9);
  CHECK(std::abs(r.s.back() - g.s(1)) < 1e-9);
  CHECK(std::abs(r.q.back()) < 1e-9);
  for (double t : {0.0001, 0.1, 0.37, 0.5, 0.81, 0.9999}) {
    CAPTURE(t);
    CHECK(std::abs(fd_t([&](double u) { return g.p(u); }, t) - g.dp(t)) < 1e-7);
    CHECK(std::abs(fd_t([&](double u) { return g.s(u); }, t) - g.ds(t)) < 1e-7);
    CHECK(std::abs(fd_t([&](double u) { return g.q(u); }, t) - g.dq(t)) < 1e-7);
  }

  // a = c = nu = 1 has the stationary pair p* = (sqrt 5 - 1)/2, s* = 1/p*.
  GaussianMfcParams m = entropy_reference();
  const double ps = 0.5 * (std::sqrt(5.0) - 1.0);
  m.s0 = 1 / ps, m.b = ps;
  const GaussianProfile st(m);
  for (double t : {0.0, 0.3, 1.0}) {
    CHECK(std::abs(st.p(t) - ps) < 1e-9);
    CHECK(std::abs(st.s(t) - 1 / ps) < 1e-9);
  }
}

TEST_CASE("phi solves the HJB equation and rho_t the Fokker-Planck equation (lq and entropy)") {
  for (const GaussianMfcParams& m : {lq_reference(), entropy_reference()}) {
    const GaussianMfc P(m);
    const int d = m.dim;
    RandomStream rs(5, 0);
    for (int trial = 0; trial < 20; ++trial) {
      const double t = 0.05 + 0.9 * rs.uniform();
      Vector x(d);
      for (int j = 0; j < d; ++j) x[j] = 2 * rs.normal();
      Vector g(d);
      P.grad_phi(t, x.data(), g.data());
      const double phi_t = fd_t([&](double u) { return P.phi(u, x.data()); }, t);
      const double f = P.running_cost(t, x.data(), P.log_density(t, x.data()));
      // -phi_t + |grad phi|^2 / 2 - nu Laplace phi = f
      const double hjb = -phi_t + 0.5 * g.squaredNorm() - m.nu * P.laplacian_phi(t, x.data()) - f;
      CAPTURE(t);
      CHECK(std::abs(hjb) < 1e-7 * (1 + x.squaredNorm()));
      // d/dt log rho + V . grad log rho + div V = 0 with V = -grad phi - nu grad log rho.
      const double s = P.profile().s(t), p = P.profile().p(t);
      const Vector score = -x / s;
      const Vector V = -g - m.nu * score;
      const double divV = -d * p + m.nu * d / s;
      const double logrho_t = fd_t([&](double u) { return P.log_density(u, x.data()); }, t);
      CHECK(std::abs(logrho_t + V.dot(score) + divV) < 1e-7 * (1 + x.squaredNorm()));
    }
  }
}

TEST_CASE("grad phi and Laplace phi match finite differences of phi") {
  const GaussianMfc P(entropy_reference());
  const double h = 1e-3;
  Vector x(2);
  x << 0.7, -1.3;
  for (double t : {0.0, 0.4, 1.0}) {
    Vector g(2);
    P.grad_phi(t, x.data(), g.data());
    double lap = 0;
    for (int j = 0; j < 2; ++j) {
      Vector xp = x, xm = x;
      xp[j] += h, xm[j] -= h;
      const double pp = P.phi(t, xp.data()), pm = P.phi(t, xm.data()), p0 = P.phi(t, x.data());
      CHECK(std::abs((pp - pm) / (2 * h) - g[j]) < 1e-7);
      lap += (pp - 2 * p0 + pm) / (h * h);
    }
    CHECK(std::abs(lap - P.laplacian_phi(t, x.data())) < 1e-6);
  }
}

TEST_CASE("balanced initial samples have exactly the mean and covariance of rho_0") {
  GaussianMfcParams m = lq_reference();
  m.dim = 3;
  const GaussianMfc P(m);
  const Particles X = P.sample_initial(200, StreamKey{9, 0}, 4, true);
  const Eigen::RowVectorXd mean = X.colwise().mean();
  const Matrix C = (X.rowwise() - mean).transpose() * (X.rowwise() - mean) / 200.0;
  CHECK(mean.norm() < 1e-12);
  CHECK((C - 0.7 * Matrix::Identity(3, 3)).norm() < 1e-12);
  // Unbalanced: plain draws, reproducible by (seed, particle, substream).
  const Particles Y = P.sample_initial(200, StreamKey{9, 0}, 4, false);
  CHECK(Y.row(17) == P.sample_initial(200, StreamKey{9, 0}, 4, false).row(17));
  CHECK(std::abs(Y.col(0).squaredNorm() / 200 - 0.7) < 5 * 0.7 * std::sqrt(2.0 / 200));
}

TEST_CASE("bad parameters are refused with the value and the allowed range") {
  auto with = [](auto change) {
    GaussianMfcParams p = lq_reference();
    change(p);
    return input_error_of(p);
  };
  std::string e = with([](GaussianMfcParams& p) { p.nu = -0.1; });
  CHECK(e.find("nu = -0.1") != std::string::npos);
  CHECK(e.find("nu >= 0") != std::string::npos);
  e = with([](GaussianMfcParams& p) { p.T = 0; });
  CHECK(e.find("T = 0") != std::string::npos);
  CHECK(e.find("T > 0") != std::string::npos);
  CHECK(with([](GaussianMfcParams& p) { p.T = -1; }).find("T = -1") != std::string::npos);
  e = with([](GaussianMfcParams& p) { p.s0 = 0; });
  CHECK(e.find("s0 = 0") != std::string::npos);
  CHECK(e.find("s0 > 0") != std::string::npos);
  e = with([](GaussianMfcParams& p) { p.dim = 0; });
  CHECK(e.find("dim = 0") != std::string::npos);
  CHECK(e.find("1..10") != std::string::npos);
  CHECK(with([](GaussianMfcParams& p) { p.dim = 11; }).find("dim = 11") != std::string::npos);
  CHECK(with([](GaussianMfcParams& p) { p.a = -1; }).find("a >= 0") != std::string::npos);
  CHECK(with([](GaussianMfcParams& p) { p.c = -1; }).find("c >= 0") != std::string::npos);
  CHECK(with([](GaussianMfcParams& p) { p.b = NAN; }).find("b = nan") != std::string::npos);
  // lq: u(t) = cosh(T - t) - 3 sinh(T - t) vanishes inside [0, 1]: p blows up.
  e = with([](GaussianMfcParams& p) { p.b = -3; });
  CHECK(e.find("no solution") != std::string::npos);
  CHECK(e.find("b > -1.31") != std::string::npos);
  // entropy: no p(0) brings p(T) down to -5 (p(T) > -coth(1) - ... for every p(0)).
  GaussianMfcParams p = entropy_reference();
  p.b = -5;
  e = input_error_of(p);
  CHECK(e.find("no solution") != std::string::npos);
  CHECK(e.find("b = -5") != std::string::npos);
}
