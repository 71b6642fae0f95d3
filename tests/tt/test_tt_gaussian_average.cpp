// Gaussian averages of one axis' interpolant (TTAxisInterpolant,
// tt_gaussian_smoothing_matrix): exact for the interpolant however narrow
// the Gaussian is, where plain quadrature is not.
#include <cmath>

#include "testing.hpp"
#include "tt_test_support.hpp"

using namespace tt_test;

namespace {

// E[(m + s xi)^k] for xi ~ N(0, 1): Σ_j C(k, j) m^(k-j) s^j E[xi^j], E[xi^j] = (j-1)!! for even j.
double normal_power_moment(double m, double s, int k) {
  double total = 0, binom = 1;
  for (int j = 0; j <= k; ++j) {
    if (j > 0) binom = binom * (k - j + 1) / j;
    if (j % 2) continue;
    double dfact = 1;
    for (int i = j - 1; i > 1; i -= 2) dfact *= i;
    total += binom * std::pow(m, k - j) * std::pow(s, j) * dfact;
  }
  return total;
}

}  // namespace

TEST_CASE("cardinal functions reproduce polynomials up to degree n - 1 between and at the nodes") {
  // Σ_i l_i(x) p(x_i) = p(x) for deg p <= n - 1: the barycentric form is
  // exact up to rounding, ~n eps times the size of the terms.
  const TTAxis ax = tt_axis_gauss_legendre(-2.0, 3.0, 24);
  const TTAxisInterpolant ip(ax);
  std::vector<double> l(24);
  for (double x : {-2.0, -1.37, 0.0, ax.nodes[5], 0.5 * (ax.nodes[11] + ax.nodes[12]), 2.99, 3.0}) {
    ip.basis(x, l.data());
    for (int k : {0, 1, 7, 23}) {
      double p = 0;
      for (int i = 0; i < 24; ++i) p += l[std::size_t(i)] * std::pow(ax.nodes[std::size_t(i)] / 3.0, k);
      CHECK(p == doctest::Approx(std::pow(x / 3.0, k)).epsilon(1e-12).scale(1.0));
    }
  }
  // Outside [lo, hi] the coordinate is clamped.
  std::vector<double> l2(24);
  ip.basis(7.0, l.data());
  ip.basis(3.0, l2.data());
  CHECK(l == l2);
}

TEST_CASE("Gaussian averages and their mean-derivatives are exact for the interpolant at any width") {
  // For f = t^k (k <= n - 1) the interpolant is f itself, so the average
  // must be the normal moment E[(m + s xi)^k] and its m-derivative
  // k E[(m + s xi)^(k-1)], to rounding, from s = 1e-4 of the node spacing
  // (where plain quadrature Σ N(x_i) w_i f_i sees no node at all) to s
  // comparable to the box. The Gaussian's Hermite nodes lie inside the box.
  const int n = 32;
  const TTAxis ax = tt_axis_gauss_legendre(-4.0, 4.0, n);
  const TTAxisInterpolant ip(ax);
  CHECK(ip.hermite_points() == 17);
  std::vector<double> v(n), dv(n);
  for (double s : {1e-5, 0.02, 0.3}) {
    for (double m : {-0.9, 0.0, 0.37, 1.1}) {
      ip.gaussian(m, s, v.data(), dv.data());
      for (int k : {0, 1, 2, 5, 13, 31}) {
        double a = 0, da = 0;
        for (int i = 0; i < n; ++i) {
          const double f = std::pow(ax.nodes[std::size_t(i)] / 4.0, k);
          a += v[std::size_t(i)] * f;
          da += dv[std::size_t(i)] * f;
        }
        // Scaled variable t / 4 keeps every term O(1): moments of (m + s xi) / 4.
        CHECK(a == doctest::Approx(normal_power_moment(m / 4.0, s / 4.0, k)).epsilon(1e-11).scale(1.0));
        // The derivative row holds terms xi_j / s: its rounding is ~n eps / s absolute.
        const double want_d = k == 0 ? 0.0 : k * normal_power_moment(m / 4.0, s / 4.0, k - 1) / 4.0;
        CHECK(std::fabs(da - want_d) <= 1e-10 * (1 + std::fabs(want_d)) + n * 1e-15 / s);
      }
    }
  }
}

TEST_CASE("a narrow Gaussian average of a smooth function errs only by the interpolation error") {
  // f(t) = exp(sin t) on 40 Gauss-Legendre nodes of [-5, 5]; the Gaussian
  // N(m, s^2) with s = 0.05, a fifth of the central node spacing (~0.39).
  // Reference: the trapezoid rule on 20001 points of m +- 10 s (error far
  // below 1e-14 for this integrand). The interpolant's average is exact
  // for the interpolant, so it may differ from the reference by no more
  // than the interpolation error sup |p_f - f| over m +- 10 s (measured
  // here on the reference points) plus rounding; plain quadrature with the
  // nodes' weights errs by O(1) (it sees one node or none).
  const TTAxis ax = tt_axis_gauss_legendre(-5.0, 5.0, 40);
  const TTAxisInterpolant ip(ax);
  auto f = [](double t) { return std::exp(std::sin(t)); };
  std::vector<double> v(40), l(40);
  double worst = 0, worst_plain = 0;
  for (double m : {-3.3, -0.41, 0.0, 0.123, 2.9}) {
    const double s = 0.05;
    ip.gaussian(m, s, v.data());
    double a = 0, plain = 0;
    for (int i = 0; i < 40; ++i) {
      const double x = ax.nodes[std::size_t(i)];
      a += v[std::size_t(i)] * f(x);
      plain += std::exp(-0.5 * (x - m) * (x - m) / (s * s)) / (s * std::sqrt(2 * M_PI)) * ax.weights[std::size_t(i)] * f(x);
    }
    const int K = 20000;
    double ref = 0, interp = 0;
    for (int j = 0; j <= K; ++j) {
      const double t = m - 10 * s + 20 * s * j / K;
      ref += (j == 0 || j == K ? 0.5 : 1.0) * std::exp(-0.5 * (t - m) * (t - m) / (s * s)) * f(t);
      ip.basis(t, l.data());
      double p = 0;
      for (int i = 0; i < 40; ++i) p += l[std::size_t(i)] * f(ax.nodes[std::size_t(i)]);
      interp = std::max(interp, std::fabs(p - f(t)));
    }
    ref *= 20 * s / K / (s * std::sqrt(2 * M_PI));
    CHECK(std::fabs(a - ref) <= interp + 1e-14 * ref);
    worst = std::max(worst, std::fabs(a - ref) / ref);
    worst_plain = std::max(worst_plain, std::fabs(plain - ref) / ref);
  }
  MESSAGE("narrow average: interpolant " << worst << ", plain quadrature " << worst_plain << " (relative)");
  CHECK(worst_plain > 0.1);
}

TEST_CASE("the smoothing matrix convolves a Gaussian TT with a narrow normal to its closed form") {
  // f(y) = exp(-y^T A y / 2) in 2-D, smoothed by N(alpha x + shift, sd^2 I)
  // with sd = 0.08 (a quarter of the central spacing of 36 nodes on
  // [-6, 6]): g(x) = E f(alpha x + shift + sd xi) = det(I + sd^2 A)^{-1/2}
  // exp(-z^T (A^-1 + sd^2 I)^-1 z / 2), z = alpha x + shift. Exact for the
  // interpolant, so the error is at most sup |p_f - f| over the box, measured
  // here at 4000 random points by tt_evaluate (the same interpolant), with
  // a factor 2 for the points the sample misses.
  const int n = 36;
  const TTAxis ax = tt_axis_gauss_legendre(-6.0, 6.0, n);
  Matrix A(2, 2);
  A << 1.0, 0.4, 0.4, 0.7;
  std::vector<double> full(std::size_t(n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      Eigen::Vector2d y(ax.nodes[std::size_t(i)], ax.nodes[std::size_t(j)]);
      full[std::size_t(i * n + j)] = std::exp(-0.5 * y.dot(A * y));
    }
  const TensorTrain f = tt_svd(std::vector<TTAxis>(2, ax), full.data(), 0.0, n);
  const double sd = 0.08, alpha = 0.7, shift = 0.3;
  const Matrix K = tt_gaussian_smoothing_matrix(ax, ax, sd, alpha, shift);
  const TensorTrain g = tt_apply(f, {K, K});
  const Matrix B = (A.inverse() + sd * sd * Matrix::Identity(2, 2)).inverse();
  const double scale = 1.0 / std::sqrt((Matrix::Identity(2, 2) + sd * sd * A).determinant());
  const std::vector<double> gv = tt_full(g);
  double worst = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      Eigen::Vector2d z(alpha * ax.nodes[std::size_t(i)] + shift, alpha * ax.nodes[std::size_t(j)] + shift);
      worst = std::max(worst, std::fabs(gv[std::size_t(i * n + j)] - scale * std::exp(-0.5 * z.dot(B * z))));
    }
  RowMatrix pts(4000, 2);
  RandomStream rs(7, 0, 0);
  for (Eigen::Index p = 0; p < pts.size(); ++p) pts.data()[p] = -6 + 12 * rs.uniform();
  Vector fv;
  tt_evaluate(f, pts, fv);
  double interp = 0;
  for (Eigen::Index p = 0; p < pts.rows(); ++p) {
    const Eigen::Vector2d y = pts.row(p).transpose();
    interp = std::max(interp, std::fabs(fv[p] - std::exp(-0.5 * y.dot(A * y))));
  }
  MESSAGE("smoothing matrix: max error " << worst << ", interpolation error of f " << interp);
  CHECK(worst <= 2 * interp + 1e-14);
  CHECK_THROWS_AS(tt_gaussian_smoothing_matrix(ax, ax, 0.0), InputError);
  TTAxis spline = tt_axis_uniform(-1, 1, 8, TTUniformRule::Trapezoid);
  CHECK_THROWS_AS(TTAxisInterpolant{spline}, InputError);
}

TEST_CASE("tt_contract: separable functionals and their partials match the full tensor") {
  // A random rank-(1,3,2,1) train on index axes of sizes 4, 5, 3; random
  // axis vectors v_k and dv_k. F and every partial against explicit sums
  // over all 60 entries (rounding only); with v_k = weights F is tt_integral.
  const TensorTrain f = random_tt({4, 5, 3}, {1, 3, 2, 1}, 11);
  const std::vector<double> full = tt_full(f);
  RandomStream rs(3, 0, 0);
  std::vector<Vector> v, dv;
  for (int k = 0; k < 3; ++k) {
    Vector a(f.size(k)), b(f.size(k));
    rs.normal(a.data(), a.size());
    rs.normal(b.data(), b.size());
    v.push_back(a);
    dv.push_back(b);
  }
  double F = 0, P[3] = {0, 0, 0};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 3; ++k) {
        const double x = full[std::size_t((i * 5 + j) * 3 + k)];
        F += x * v[0][i] * v[1][j] * v[2][k];
        P[0] += x * dv[0][i] * v[1][j] * v[2][k];
        P[1] += x * v[0][i] * dv[1][j] * v[2][k];
        P[2] += x * v[0][i] * v[1][j] * dv[2][k];
      }
  const std::vector<const double*> vp{v[0].data(), v[1].data(), v[2].data()}, dvp{dv[0].data(), dv[1].data(), dv[2].data()};
  double part[3];
  CHECK(tt_contract(f, vp) == doctest::Approx(F).epsilon(1e-13));
  CHECK(tt_contract(f, vp, dvp, part) == doctest::Approx(F).epsilon(1e-13));
  for (int k = 0; k < 3; ++k) CHECK(part[k] == doctest::Approx(P[k]).epsilon(1e-13));
  std::vector<const double*> w;
  for (int k = 0; k < 3; ++k) w.push_back(f.axis(k).weights.data());
  CHECK(tt_contract(f, w) == doctest::Approx(tt_integral(f)).epsilon(1e-14));
  CHECK_THROWS_AS(tt_contract(f, {vp[0], vp[1]}), InputError);
}
