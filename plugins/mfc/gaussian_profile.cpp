#include "gaussian_profile.hpp"

#include <cmath>
#include <limits>

#include <wprox/errors.hpp>
#include <wprox/integrator.hpp>

namespace wprox::mfc {
namespace {

constexpr double kTwoPi = 6.283185307179586476925;

// sinh(k r) / k, continuous at k = 0 (series for small k r).
double sinhc(double k, double r) {
  const double x = k * r;
  if (std::abs(x) < 1e-4) return r * (1.0 + x * x / 6.0);
  return std::sinh(x) / k;
}

// Thrown by the vector field when the state leaves the region where the
// solution exists (p -> +inf, s <= 0, NaN); the integrator rethrows it.
struct BlowUp {};

// (p, s, Q) with Q' = nu dim p + c - (c dim / 2) log(2 pi s).
class ProfileOde : public VectorField {
 public:
  explicit ProfileOde(const GaussianMfcParams& m) : m_(m) {}
  long size() const override { return 3; }
  void rhs(double /*t*/, const double* y, double* dy) override {
    const double p = y[0], s = y[1];
    if (!(std::abs(p) < 1e10) || !(s > 0) || !(s < 1e300)) throw BlowUp{};
    dy[0] = p * p - m_.a + m_.c / s;
    dy[1] = -2.0 * p * s + 2.0 * m_.nu;
    dy[2] = m_.nu * m_.dim * p + m_.c - 0.5 * m_.c * m_.dim * std::log(kTwoPi * s);
  }

 private:
  const GaussianMfcParams& m_;
};

// The shooting tolerances: CVODE's local error control at rtol 1e-12 gives
// p(T) to ~1e-11, so p(0) is located to ~1e-10 (dp(T)/dp(0) is O(0.1..1)).
constexpr double kRtol = 1e-12, kAtol = 1e-14;
constexpr int kTableIntervals = 2048;

}  // namespace

void validate(const GaussianMfcParams& p) {
  WPROX_REQUIRE(std::isfinite(p.a) && p.a >= 0, InputError, "mfc: a = " << p.a << " is out of range; allowed: a >= 0");
  WPROX_REQUIRE(std::isfinite(p.b), InputError, "mfc: b = " << p.b << " is out of range; allowed: a finite real");
  WPROX_REQUIRE(std::isfinite(p.c) && p.c >= 0, InputError, "mfc: c = " << p.c << " is out of range; allowed: c >= 0");
  WPROX_REQUIRE(std::isfinite(p.nu) && p.nu >= 0, InputError,
                "mfc: nu = " << p.nu << " is out of range; allowed: nu >= 0");
  WPROX_REQUIRE(std::isfinite(p.s0) && p.s0 > 0, InputError,
                "mfc: s0 = " << p.s0 << " is out of range; allowed: s0 > 0");
  WPROX_REQUIRE(std::isfinite(p.T) && p.T > 0, InputError, "mfc: T = " << p.T << " is out of range; allowed: T > 0");
  WPROX_REQUIRE(p.dim >= 1 && p.dim <= 10, InputError, "mfc: dim = " << p.dim << " is out of range; allowed: 1..10");
}

GaussianProfile::GaussianProfile(const GaussianMfcParams& params) : prm_(params) {
  validate(prm_);
  if (prm_.c > 0) {
    solve_entropy();
    return;
  }
  k_ = std::sqrt(prm_.a);
  const double b = prm_.b;
  // u(T - r) = cosh(k r) + b sinh(k r)/k first vanishes at tanh(k r) = -k/b,
  // which needs b < -k; the Riccati solution p = -u'/u blows up there.
  // The zero lies in [0, T] exactly when b <= -k coth(k T) (-1/T for k = 0).
  if (b < -k_) {
    const double r = k_ > 0 ? std::atanh(k_ / -b) / k_ : 1.0 / -b;
    const double b_min = k_ > 0 ? -k_ / std::tanh(k_ * prm_.T) : -1.0 / prm_.T;
    WPROX_REQUIRE(r > prm_.T, InputError,
                  "mfc: no solution for b = " << b
                                              << ": the Riccati equation p' = p^2 - a blows up at t = " << prm_.T - r
                                              << " inside [0, T = " << prm_.T << "]; allowed: b > " << b_min);
  }
  u0_ = std::cosh(k_ * prm_.T) + b * sinhc(k_, prm_.T);
}

void GaussianProfile::solve_entropy() {
  ProfileOde ode(prm_);
  auto cvode = make_cvode(kRtol, kAtol);
  // Residual of the terminal condition, +inf when p blows up before T (only
  // p -> +inf can happen: p' >= p^2 - a bounds p from below, and s stays
  // positive while p is finite).
  auto residual = [&](double p0) {
    ++evals_;
    double y[3] = {p0, prm_.s0, 0.0};
    try {
      cvode->integrate(ode, 0.0, prm_.T, y);
    } catch (const BlowUp&) {
      return std::numeric_limits<double>::infinity();
    } catch (const RunError&) {
      return std::numeric_limits<double>::infinity();
    }
    return y[0] - prm_.b;
  };

  // Bracket: R is increasing in p(0) (a larger p(0) gives a larger p and a
  // smaller s, hence a larger p' = p^2 - a + c/s: the comparison principle).
  const double lowest = -1e6 / prm_.T;  // p(0) below this: p(t) ~ -1/t already
  double lo = prm_.b, flo = residual(lo), hi = lo, fhi = flo;
  double step = 1.0 / prm_.T;
  if (flo < 0) {
    for (int i = 0; fhi < 0; ++i) {
      WPROX_REQUIRE(i < 200, InputError, "mfc: shooting for p(0) found no upper bracket (c = " << prm_.c << ")");
      lo = hi, flo = fhi;
      hi = lo + step, step *= 2;
      fhi = residual(hi);
    }
  } else {
    while (flo > 0) {
      hi = lo, fhi = flo;
      lo = std::max(hi - step, lowest), step *= 2;
      flo = residual(lo);
      WPROX_REQUIRE(!(flo > 0 && lo <= lowest), InputError,
                    "mfc: no solution of the (p, s) boundary problem: p(T) stays above b = "
                        << prm_.b << " for every p(0) down to " << lowest
                        << " (smallest reachable p(T) = " << prm_.b + flo << "); allowed: a larger b");
    }
  }

  // Illinois false position on [lo, hi], bisecting when the upper end is a
  // blow-up (R = +inf) or when the bracket stops shrinking fast enough.
  int side = 0;
  for (int it = 0; it < 300; ++it) {
    if (flo == 0 || fhi == 0) break;
    if (hi - lo <= 1e-13 * std::max(1.0, std::abs(lo))) break;
    double x = 0.5 * (lo + hi);
    const bool secant = std::isfinite(fhi) && it % 4 != 3;
    if (secant) {
      const double xs = hi - fhi * (hi - lo) / (fhi - flo);
      if (xs > lo && xs < hi) x = xs;
    }
    const double fx = residual(x);
    if (fx < 0) {
      lo = x, flo = fx;
      if (side == -1 && std::isfinite(fhi)) fhi *= 0.5;
      side = -1;
    } else {
      hi = x, fhi = fx;
      if (side == 1) flo *= 0.5;
      side = 1;
    }
    if (std::abs(fx) < 1e-14) break;
  }
  const double p0 = std::abs(flo) <= std::abs(fhi) ? lo : hi;

  // Tabulate (p, s, Q) on a uniform grid, one CVODE call per interval.
  nodes_.resize(kTableIntervals + 1);
  h_ = prm_.T / kTableIntervals;
  double y[3] = {p0, prm_.s0, 0.0};
  nodes_[0] = {y[0], y[1], y[2]};
  try {
    for (int i = 1; i <= kTableIntervals; ++i) {
      cvode->integrate(ode, (i - 1) * h_, i * h_, y);
      nodes_[i] = {y[0], y[1], y[2]};
    }
  } catch (const BlowUp&) {
    throw InputError(
        "mfc: the (p, s) boundary problem has no bounded solution (p blows up near p(0) = " + std::to_string(p0) + ")");
  }
  WPROX_REQUIRE(std::abs(nodes_.back().p - prm_.b) < 1e-8 * (1 + std::abs(prm_.b)), InputError,
                "mfc: shooting did not reach p(T) = b = " << prm_.b << " (got " << nodes_.back().p
                                                          << "); the boundary problem is too ill-conditioned");
}

double GaussianProfile::hermite(double t, int which) const {
  t = std::min(std::max(t, 0.0), prm_.T);
  const int n = int(nodes_.size()) - 1;
  int i = std::min(int(t / h_), n - 1);
  const double tau = (t - i * h_) / h_;
  auto val = [&](const Node& N) { return which == 0 ? N.p : which == 1 ? N.s : N.Q; };
  auto der = [&](const Node& N) {
    if (which == 0) return N.p * N.p - prm_.a + prm_.c / N.s;
    if (which == 1) return -2.0 * N.p * N.s + 2.0 * prm_.nu;
    return prm_.nu * prm_.dim * N.p + prm_.c - 0.5 * prm_.c * prm_.dim * std::log(kTwoPi * N.s);
  };
  const Node &A = nodes_[i], &B = nodes_[i + 1];
  const double t2 = tau * tau, t3 = t2 * tau;
  return (2 * t3 - 3 * t2 + 1) * val(A) + (t3 - 2 * t2 + tau) * h_ * der(A) + (-2 * t3 + 3 * t2) * val(B) +
         (t3 - t2) * h_ * der(B);
}

double GaussianProfile::p(double t) const {
  if (prm_.c > 0) return hermite(t, 0);
  const double r = prm_.T - std::min(std::max(t, 0.0), prm_.T);
  const double C = std::cosh(k_ * r), S = sinhc(k_, r);
  return (prm_.a * S + prm_.b * C) / (C + prm_.b * S);
}

double GaussianProfile::s(double t) const {
  if (prm_.c > 0) return hermite(t, 1);
  t = std::min(std::max(t, 0.0), prm_.T);
  const double r = prm_.T - t;
  const double u = std::cosh(k_ * r) + prm_.b * sinhc(k_, r);
  return prm_.s0 * u * u / (u0_ * u0_) + 2.0 * prm_.nu * u * sinhc(k_, t) / u0_;
}

double GaussianProfile::q(double t) const {
  if (prm_.c > 0) return nodes_.back().Q - hermite(t, 2);
  const double r = prm_.T - std::min(std::max(t, 0.0), prm_.T);
  const double u = std::cosh(k_ * r) + prm_.b * sinhc(k_, r);
  return prm_.nu * prm_.dim * std::log(u);
}

double GaussianProfile::dp(double t) const {
  const double P = p(t);
  return P * P - prm_.a + prm_.c / s(t);
}

double GaussianProfile::ds(double t) const { return -2.0 * p(t) * s(t) + 2.0 * prm_.nu; }

double GaussianProfile::dq(double t) const {
  return -prm_.nu * prm_.dim * p(t) - prm_.c + 0.5 * prm_.c * prm_.dim * std::log(kTwoPi * s(t));
}

}  // namespace wprox::mfc
