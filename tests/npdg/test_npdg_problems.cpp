// The manufactured elliptic problems and their collocation points.
//
// Tolerances.
//  * Gradients by central differences (F(x + h) - F(x - h)) / 2h, h = 1e-5:
//    truncation h^2 |F'''| / 6 with |F'''| <= (3 pi)^3 * 1.5 (a, u* and their
//    products carry at most three factors pi or 2 pi / sqrt(d) per
//    derivative): < 2e-7; round-off eps |F| / h < 1e-9 for |F| <= 50.
//    Checked against 1e-6.
//  * f against the conservative five-point difference of div(a grad u*)
//    built from a and u* values only (independent of exact_gradient and of
//    the closed form of f), with Richardson extrapolation of the steps h and
//    h/2 (h = 2e-3): truncation O(h^4) ~ 1e-11 (3 pi)^6 ~ 1e-5 per axis at
//    worst, round-off 4 eps |u*| / h^2 ~ 1e-9 per axis. Checked against
//    1e-4 (1 + |f|) summed over up to 50 axes (the measured worst is printed).
//  * Monte Carlo means over n points have standard error sigma / sqrt(n);
//    checked at 5 standard errors.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

#include "collocation.hpp"
#include "cosine_problem.hpp"

using namespace wprox;
using namespace wprox::npdg;

namespace {

CosineSettings with_dim(CosineSettings s, int d) {
  s.dim = d;
  return s;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// -div(a grad u) by the conservative five-point difference with step h.
double flux_difference(const EllipticProblem& p, const double* x0, double h) {
  const int d = p.dim();
  std::vector<double> x(x0, x0 + d);
  const double u0 = p.exact(x.data());
  double s = 0.0;
  for (int i = 0; i < d; ++i) {
    auto at = [&](double shift, bool coefficient) {
      x[std::size_t(i)] = x0[i] + shift;
      const double v = coefficient ? p.coefficient(x.data()) : p.exact(x.data());
      x[std::size_t(i)] = x0[i];
      return v;
    };
    const double up = at(h, false), down = at(-h, false);
    const double a_up = at(0.5 * h, true), a_down = at(-0.5 * h, true);
    s += (a_up * (up - u0) - a_down * (u0 - down)) / (h * h);
  }
  return -s;
}

}  // namespace

TEST_CASE("elliptic-nd and semilinear-nd: f = -div(a grad u*) + r(u*) by finite differences, gradients too") {
  double worst_f = 0, worst_grad = 0;
  for (int d : {1, 2, 5, 20, 50}) {
    for (bool semilinear : {false, true}) {
      const auto p = semilinear ? make_semilinear_nd(with_dim(semilinear_nd_defaults(), d))
                                : make_elliptic_nd(with_dim(elliptic_nd_defaults(), d));
      CAPTURE(p->name());
      CAPTURE(d);
      REQUIRE(p->kind() == std::string("elliptic"));
      CHECK(p->linear() == !semilinear);
      const Matrix X = sample_interior(*p, 20, 3, 0);
      for (long j = 0; j < X.cols(); ++j) {
        const double* x = X.col(j).data();
        // Richardson: (4 D(h/2) - D(h)) / 3 removes the h^2 term.
        const double h = 2e-3;
        const double lhs = (4.0 * flux_difference(*p, x, h / 2) - flux_difference(*p, x, h)) / 3.0 +
                           p->reaction(p->exact(x));
        const double f = p->source(x);
        worst_f = std::max(worst_f, std::abs(lhs - f) / (1.0 + std::abs(f)));
        CHECK(std::abs(lhs - f) <= 1e-4 * (1.0 + std::abs(f)));
        CHECK(p->coefficient(x) >= p->coefficient_min());
        // Gradients of u* and a by central differences.
        std::vector<double> gu(static_cast<std::size_t>(d)), ga(static_cast<std::size_t>(d)), y(x, x + d);
        p->exact_gradient(x, gu.data());
        p->coefficient_gradient(x, ga.data());
        for (int i = 0; i < d; ++i) {
          const double e = 1e-5;
          y[std::size_t(i)] = x[i] + e;
          const double up = p->exact(y.data()), aup = p->coefficient(y.data());
          y[std::size_t(i)] = x[i] - e;
          const double dn = p->exact(y.data()), adn = p->coefficient(y.data());
          y[std::size_t(i)] = x[i];
          worst_grad = std::max({worst_grad, std::abs((up - dn) / (2 * e) - gu[std::size_t(i)]),
                                 std::abs((aup - adn) / (2 * e) - ga[std::size_t(i)])});
        }
      }
    }
  }
  MESSAGE("f vs difference of the flux: max error / (1 + |f|) = " << worst_f);
  MESSAGE("grad u*, grad a vs central differences: max error = " << worst_grad);
  CHECK(worst_grad < 1e-6);
}

TEST_CASE("the exact solution's norms are d-independent; boundary data equal u* on boundary points") {
  // ||u*||^2 = 1/2 and ||grad u*||^2 = pi^2/2 on the unit cube. The sample
  // means over n = 20000 points: u*^2 has variance <= E u*^4 <= 3/4 + 1/(4d)
  // (sum of d independent terms of mean 0, E cos^4 = 3/8), so a standard
  // error <= 0.0062; |grad u*|^2 has variance <= pi^4/8 / ... : checked
  // empirically at 5 standard errors.
  for (int d : {1, 5, 20}) {
    const auto p = make_elliptic_nd(with_dim(elliptic_nd_defaults(), d));
    const long n = 20000;
    const ReferenceData r = reference_data(*p, sample_interior(*p, n, 9, 0));
    const Vector u2 = r.u.cwiseAbs2(), g2 = r.grad_u.colwise().squaredNorm().transpose();
    const double se_u = std::sqrt((u2.array() - r.l2_sq).square().mean() / double(n));
    const double se_g = std::sqrt((g2.array() - r.grad_sq).square().mean() / double(n));
    CAPTURE(d);
    CHECK(std::abs(r.l2_sq - CosineProblem::exact_l2_norm_sq()) <= 5 * se_u);
    CHECK(std::abs(r.grad_sq - CosineProblem::exact_gradient_norm_sq()) <= 5 * se_g);

    std::vector<int> axis;
    const Matrix Y = sample_boundary(*p, 400, 4, 0, &axis);
    const BoundaryData b = boundary_data(*p, Y, axis);
    for (long j = 0; j < Y.cols(); ++j) {
      const double pinned = Y(axis[std::size_t(j)], j);
      CHECK((pinned == 0.0 || pinned == 1.0));
      CHECK(Y.col(j).minCoeff() >= 0.0);
      CHECK(Y.col(j).maxCoeff() <= 1.0);
      CHECK(b.g[j] == p->exact(Y.col(j).data()));
    }
  }
}

TEST_CASE("collocation points: uniform, every face equally likely, the same bits for any thread count") {
  const auto p = make_elliptic_nd(with_dim(elliptic_nd_defaults(), 3));
  // 6 faces, 6000 points: each count is Binomial(6000, 1/6), sd = 28.9.
  std::vector<int> axis;
  const Matrix Y = sample_boundary(*p, 6000, 2, 5, &axis);
  std::vector<int> count(6, 0);
  for (long j = 0; j < Y.cols(); ++j) count[std::size_t(2 * axis[std::size_t(j)] + (Y(axis[std::size_t(j)], j) == 1.0))]++;
  for (int c : count) CHECK(std::abs(c - 1000) <= 5 * 28.9);
  // Interior coordinates: mean 1/2, sd of the mean sqrt(1/12 / n) = 0.0029 for n = 10000.
  for (PointSequence seq : {PointSequence::random, PointSequence::halton}) {
    const Matrix X = sample_interior(*p, 10000, 8, 1, seq);
    CHECK(X.minCoeff() >= 0.0);
    CHECK(X.maxCoeff() < 1.0);
    for (int i = 0; i < 3; ++i) CHECK(std::abs(X.row(i).mean() - 0.5) <= 5 * 0.0029);
    Matrix X1, X2;
    with_threads(1, [&] { X1 = sample_interior(*p, 3000, 8, 2, seq); });
    with_threads(2, [&] { X2 = sample_interior(*p, 3000, 8, 2, seq); });
    CHECK(std::memcmp(X1.data(), X2.data(), sizeof(double) * std::size_t(X1.size())) == 0);
    // Another round is another set.
    CHECK((sample_interior(*p, 100, 8, 3, seq) - sample_interior(*p, 100, 8, 4, seq)).norm() > 1.0);
  }
}

TEST_CASE("scrambled Halton points integrate a smooth function better than i.i.d. points (d = 5)") {
  // mean u*^2 over n = 1000 points, 20 rounds: the i.i.d. root-mean-square
  // error is sigma / sqrt(n) ~ 0.017; measured Halton error ~ 0.002. The
  // check asks for a factor 3, well inside the measured factor ~ 9.
  const auto p = make_elliptic_nd(with_dim(elliptic_nd_defaults(), 5));
  double err[2] = {0, 0};
  for (int r = 0; r < 20; ++r)
    for (int s = 0; s < 2; ++s) {
      const ReferenceData ref =
          reference_data(*p, sample_interior(*p, 1000, 7, std::uint64_t(r), s ? PointSequence::halton : PointSequence::random));
      err[s] += std::pow(ref.l2_sq - 0.5, 2) / 20.0;
    }
  MESSAGE("rms error of mean u*^2: i.i.d. " << std::sqrt(err[0]) << ", Halton " << std::sqrt(err[1]));
  CHECK(std::sqrt(err[1]) * 3.0 < std::sqrt(err[0]));
}

TEST_CASE("bad problem input: dim out of range, a non-positive coefficient, a decreasing reaction") {
  auto make = [](CosineSettings s) { return [s] { make_elliptic_nd(s); }; };
  CosineSettings s = elliptic_nd_defaults();
  s.dim = 0;
  CHECK(message_of(make(s)) == "elliptic-nd: dim = 0 is outside the allowed range [1, 50]");
  s.dim = 51;
  CHECK(message_of(make(s)).find("dim = 51") != std::string::npos);
  s = elliptic_nd_defaults();
  s.coefficient_mean = 0.5;
  s.coefficient_amplitude = 0.6;
  const std::string m = message_of(make(s));
  CHECK(m.find("must stay positive") != std::string::npos);
  CHECK(m.find("a0 = 0.5") != std::string::npos);
  s = semilinear_nd_defaults();
  s.reaction = -1.0;
  CHECK(message_of([s] { make_semilinear_nd(s); }).find("semilinear-nd: reaction = -1") != std::string::npos);
  CHECK_THROWS_AS(point_sequence_from_name("sobol"), InputError);
  const auto p = make_elliptic_nd();
  CHECK_THROWS_AS(CollocationSchedule(*p, 0, 10, 1, 1), InputError);
  CHECK_THROWS_AS(CollocationSchedule(*p, 10, 10, -1, 1), InputError);
}
