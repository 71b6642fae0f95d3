// Tensor trains without cross: grids, TT-SVD, rounding, exact algebra,
// integrals and marginals, per-axis maps (the heat kernel), evaluation off
// the grid, and input checking. Every tolerance says where it comes from.
#include <cmath>
#include <functional>
#include <string>

#include "testing.hpp"
#include "tt_test_support.hpp"

using namespace wprox;
using namespace tt_test;

namespace {

double frobenius(const std::vector<double>& a) {
  double s = 0;
  for (double v : a) s += v * v;
  return std::sqrt(s);
}

double frobenius_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

template <class Fn>
std::string message_of(const Fn& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

// ------------------------------------------------------------- grids ---

TEST_CASE("Gauss-Legendre rules are exact to degree 2n - 1 and have the Gauss error at degree 2n") {
  // On [-1, 3] every term x_i^m w_i of the rule is positive or (for x_i < 0)
  // at most 1/(m+1) of the total 3^{m+1}/(m+1), so the sum keeps the
  // relative accuracy of its terms: ~(m + n) ulps from nodes and weights
  // accurate to the last bits, < 1e-13 for m < 40, n <= 20.
  const double lo = -1, hi = 3;
  for (int n : {2, 3, 7, 20}) {
    const TTAxis ax = tt_axis_gauss_legendre(lo, hi, n);
    REQUIRE(ax.size() == n);
    CHECK(ax.interpolation == TTInterpolation::Lagrange);
    auto rule = [&](int m) {
      double q = 0;
      for (int i = 0; i < n; ++i) q += ax.weights[std::size_t(i)] * std::pow(ax.nodes[std::size_t(i)], m);
      return q;
    };
    auto exact = [&](int m) { return (std::pow(hi, m + 1) - std::pow(lo, m + 1)) / (m + 1); };
    for (int m = 0; m <= 2 * n - 1; ++m) CHECK_MESSAGE(std::fabs(rule(m) - exact(m)) <= 1e-13 * std::fabs(exact(m)), "n = " << n << ", degree " << m);
    // Degree 2n: the Gauss error (b - a)^{2n+1} (n!)^4 / ((2n + 1) ((2n)!)^2)
    // exactly (the 2n-th derivative of x^{2n} is the constant (2n)!).
    // Above n = 7 it drops below the rounding of the integral itself.
    if (n <= 7) {
      const double lf = std::lgamma(n + 1.0), l2f = std::lgamma(2.0 * n + 1.0);
      const double gauss = std::exp((2 * n + 1) * std::log(hi - lo) + 4 * lf - std::log(2.0 * n + 1) - 2 * l2f);
      CHECK(std::fabs((exact(2 * n) - rule(2 * n)) - gauss) <= 1e-13 * exact(2 * n));
    }
  }
  // The textbook 3-point rule on [-1, 1]: nodes 0, ±sqrt(3/5), weights 8/9, 5/9.
  const TTAxis g3 = tt_axis_gauss_legendre(-1, 1, 3);
  CHECK(g3.nodes[1] == 0.0);
  CHECK(g3.nodes[2] == -g3.nodes[0]);
  CHECK(std::fabs(g3.nodes[2] - std::sqrt(0.6)) < 4e-16);
  CHECK(std::fabs(g3.weights[0] - 5.0 / 9) < 4e-16);
  CHECK(std::fabs(g3.weights[1] - 8.0 / 9) < 4e-16);
}

TEST_CASE("uniform rules: trapezoid and midpoint errors follow Euler-Maclaurin") {
  // ∫_0^1 e^x dx = e - 1. Euler-Maclaurin: T - I = (e - 1)(h^2/12 - h^4/720 + ...),
  // M - I = (e - 1)(-h^2/24 + 7 h^4/5760 - ...); the next terms are
  // O(h^6) ~ 1e-16 at h = 0.01, below the ~1e-14 rounding of 100 terms.
  const int cells = 100;
  const double h = 1.0 / cells, I = std::exp(1.0) - 1.0;
  const TTAxis trap = tt_axis_uniform(0, 1, cells + 1, TTUniformRule::Trapezoid);
  const TTAxis mid = tt_axis_uniform(0, 1, cells, TTUniformRule::Midpoint);
  CHECK(trap.nodes.front() == 0.0);
  CHECK(trap.nodes.back() == 1.0);
  CHECK(mid.nodes.front() == doctest::Approx(0.5 * h).epsilon(1e-14));
  CHECK(trap.interpolation == TTInterpolation::CubicSpline);
  auto rule = [](const TTAxis& ax, double (*f)(double)) {
    double q = 0;
    for (int i = 0; i < ax.size(); ++i) q += ax.weights[std::size_t(i)] * f(ax.nodes[std::size_t(i)]);
    return q;
  };
  auto ex = [](double x) { return std::exp(x); };
  CHECK(std::fabs((rule(trap, ex) - I) - I * (h * h / 12 - std::pow(h, 4) / 720)) < 1e-13);
  CHECK(std::fabs((rule(mid, ex) - I) - I * (-h * h / 24 + 7 * std::pow(h, 4) / 5760)) < 1e-13);
  auto lin = [](double x) { return 3 * x - 2; };  // both rules are exact for lines: ∫ = -1/2
  CHECK(rule(trap, lin) == doctest::Approx(-0.5).epsilon(1e-14));
  CHECK(rule(mid, lin) == doctest::Approx(-0.5).epsilon(1e-14));
}

// ------------------------------------------------------------ TT-SVD ---

TEST_CASE("TT-SVD reproduces tensors of known TT rank and recovers the ranks") {
  // A random tensor of TT rank r has exactly r nonzero singular values in
  // each unfolding; the rest are rounding (~eps ||T||), far below the
  // 1e-12 tolerance, so the reconstruction error is the SVDs' backward
  // error, ~10 eps ||T||_F: 1e-13 leaves a factor ~50.
  struct Case {
    std::vector<int> sizes, ranks;
  };
  for (const Case& c : {Case{{5, 6, 7}, {1, 3, 2, 1}}, Case{{4, 5, 3, 6}, {1, 3, 2, 4, 1}}}) {
    const TensorTrain src = random_tt(c.sizes, c.ranks, 11);
    const std::vector<double> T = tt_full(src);
    double bound = -1;
    const TensorTrain tt = tt_svd(c.sizes, T.data(), 1e-12, 50, &bound);
    CHECK(tt.ranks() == c.ranks);  // generic random cores: no lower rank exists
    CHECK(bound <= 1e-12);
    CHECK(frobenius_diff(tt_full(tt), T) <= 1e-13 * frobenius(T));
  }
}

TEST_CASE("TT-SVD truncates to the tolerance and reports the bound") {
  // rank-(1,2,2,1) tensor plus a 1e-6 relative perturbation of rank 3: at
  // tolerance 1e-3 the perturbation is cut, the ranks are those of the
  // main part, and the true error (1e-6-ish) is <= the reported bound.
  const std::vector<int> sizes{6, 7, 8};
  const TensorTrain main = random_tt(sizes, {1, 2, 2, 1}, 3);
  TensorTrain pert = random_tt(sizes, {1, 3, 3, 1}, 4);
  pert.scale(1e-6 * tt_norm(main) / tt_norm(pert));
  const std::vector<double> T = tt_full(tt_sum(main, pert));
  double bound = -1;
  const TensorTrain tt = tt_svd(sizes, T.data(), 1e-3, 50, &bound);
  CHECK(tt.ranks() == std::vector<int>{1, 2, 2, 1});
  const double err = frobenius_diff(tt_full(tt), T) / frobenius(T);
  CHECK(err <= bound * (1 + 1e-9));
  CHECK(bound <= 1e-3);
  CHECK(err > 1e-8);  // the perturbation really was cut

  // A rank cap below the true rank: the bound exceeds the tolerance and
  // still bounds the error.
  const TensorTrain capped = tt_svd(sizes, T.data(), 1e-3, 1, &bound);
  CHECK(capped.max_rank() == 1);
  CHECK(bound > 1e-3);
  CHECK(frobenius_diff(tt_full(capped), T) / frobenius(T) <= bound * (1 + 1e-9));
}

TEST_CASE("tt_full lays values out in C order") {
  const TensorTrain tt = random_tt({3, 4, 5}, {1, 2, 3, 1}, 5);
  const std::vector<double> T = tt_full(tt);
  IndexMatrix idx(1, 3);
  idx << 2, 1, 3;
  Vector v;
  tt_evaluate_indices(tt, idx, v);
  CHECK(T[std::size_t((2 * 4 + 1) * 5 + 3)] == doctest::Approx(v[0]).epsilon(1e-14));
  // One core slice by hand: G_0(2) G_1(1) G_2(3).
  const double hand = (tt.core(0).row(2) * tt.core(1).middleRows(2 * 1, 2) * tt.core(2).middleRows(3 * 3, 3))(0, 0);
  CHECK(v[0] == doctest::Approx(hand).epsilon(1e-14));
}

// ---------------------------------------------------------- rounding ---

TEST_CASE("rounding an over-ranked sum of two copies gives back the original ranks") {
  // A + A has ranks 2r but lies exactly in the rank-r set; QR + SVD sees r
  // nonzero singular values per bond and rounding residue ~eps ||A||.
  const std::vector<int> ranks{1, 3, 4, 2, 1};
  const TensorTrain A = random_tt({4, 5, 6, 5}, ranks, 7);
  TensorTrain B = tt_sum(A, A);
  CHECK(B.ranks() == std::vector<int>{1, 6, 8, 4, 1});
  const double bound = tt_round(B, 1e-12, 100);
  CHECK(B.ranks() == ranks);
  CHECK(bound <= 1e-12);
  std::vector<double> twice = tt_full(A);
  for (double& v : twice) v *= 2;
  CHECK(frobenius_diff(tt_full(B), twice) <= 1e-13 * frobenius(twice));
}

TEST_CASE("rounding stays under the tolerance, and a rank cap reports its larger bound") {
  const std::vector<int> sizes{5, 6, 5, 4};
  const TensorTrain A = random_tt(sizes, {1, 3, 3, 2, 1}, 8);
  TensorTrain D = random_tt(sizes, {1, 2, 2, 2, 1}, 9);
  D.scale(1e-3 * tt_norm(A) / tt_norm(D));
  const TensorTrain C = tt_sum(A, D);
  const std::vector<double> full = tt_full(C);

  // The truncation errors of the right-to-left SVDs are orthogonal, so the
  // error is at most sqrt(Σ discarded^2) = bound, itself <= tolerance.
  for (double tol : {1e-1, 1e-2, 1e-6}) {
    TensorTrain R = C;
    const double bound = tt_round(R, tol, 100);
    const double err = frobenius_diff(tt_full(R), full) / frobenius(full);
    CHECK_MESSAGE(bound <= tol, "tol " << tol);
    CHECK_MESSAGE(err <= bound * (1 + 1e-9) + 1e-14, "tol " << tol << " err " << err << " bound " << bound);
    if (tol >= 1e-2) CHECK(R.max_rank() <= A.max_rank());  // D (1e-3 of the norm) was cut
  }
  TensorTrain R = C;
  const double bound = tt_round(R, 1e-6, 1);
  CHECK(R.max_rank() == 1);
  CHECK(bound > 1e-6);
  CHECK(frobenius_diff(tt_full(R), full) / frobenius(full) <= bound * (1 + 1e-9));
}

// -------------------------------------------------------- arithmetic ---

TEST_CASE("sum, Hadamard product, scaling, dot and norm match the full tensors") {
  const std::vector<int> sizes{3, 4, 5};
  const TensorTrain a = random_tt(sizes, {1, 2, 3, 1}, 21), b = random_tt(sizes, {1, 3, 1, 1}, 22);
  const std::vector<double> A = tt_full(a), B = tt_full(b);
  const std::vector<double> S = tt_full(tt_sum(a, b, 2.0, -3.0)), H = tt_full(tt_hadamard(a, b));
  TensorTrain c = a;
  c.scale(-0.5);
  const std::vector<double> C = tt_full(c);
  // Each entry is a short sum of products of O(1) numbers: ~1e-15 absolute.
  double dot = 0, scale = 0;
  for (std::size_t i = 0; i < A.size(); ++i) {
    CHECK(std::fabs(S[i] - (2 * A[i] - 3 * B[i])) < 1e-13);
    CHECK(std::fabs(H[i] - A[i] * B[i]) < 1e-13);
    CHECK(std::fabs(C[i] + 0.5 * A[i]) < 1e-14);
    dot += A[i] * B[i];
    scale += std::fabs(A[i] * B[i]);
  }
  CHECK(std::fabs(tt_dot(a, b) - dot) < 1e-13 * scale);
  CHECK(tt_norm(a) == doctest::Approx(frobenius(A)).epsilon(1e-13));
  // One axis: the sum is of the cores.
  const TensorTrain u = random_tt({6}, {1, 1}, 23), v = random_tt({6}, {1, 1}, 24);
  const Vector w = tt_sum(u, v, 1.0, 2.0).core(0);
  CHECK((w - (u.core(0) + 2.0 * v.core(0))).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("tt_norm of a difference of nearly equal trains keeps its digits") {
  // Orthogonalization is backward stable: the norm of a - b comes out with
  // an absolute error ~eps ||a||, i.e. relative ~1e-16 / 1e-8 = 1e-8 here.
  // sqrt(|a|^2 - 2 <a, b> + |b|^2) would have an error ~sqrt(eps) ||a||,
  // as large as the answer.
  const std::vector<int> sizes{6, 6, 6, 6};
  const TensorTrain a = random_tt(sizes, {1, 3, 3, 3, 1}, 31), c = random_tt(sizes, {1, 2, 2, 2, 1}, 32);
  const double delta = 1e-8 * tt_norm(a) / tt_norm(c);
  const TensorTrain b = tt_sum(a, c, 1.0, delta);
  const double nd = tt_norm(tt_sum(b, a, 1.0, -1.0));
  CHECK(nd == doctest::Approx(delta * tt_norm(c)).epsilon(1e-5));
}

// ----------------------------------------- integrals and marginals ---

namespace {

// A 10-D correlated Gaussian exp(-x^T A x / 2), A = I + 0.3 (chain), as an
// exact rank-40 TT on 40 Gauss-Legendre nodes per axis on [-9, 9].
struct Gaussian10 {
  static constexpr int d = 10, n = 40;
  static constexpr double L = 9, rho = 0.3;
  TTAxis axis = tt_axis_gauss_legendre(-L, L, n);
  Matrix A = chain_precision(d, 1.0, rho);
  TensorTrain f = gaussian_chain_tt(axis, d, 1.0, rho);
};

// Preconditions of the 1e-12 comparisons below: (1) the mass outside the
// box is < 1e-13 of the total; (2) the 40-point rule integrates every
// 1-D conditional integrand exp(-(t - mu)^2 / 2) (precision A_kk = 1,
// centre |mu| <= 3 inside the mass) to < 1e-14, so the product rule errs
// by < d * 1e-14 = 1e-13 relative. Rounding in contractions of rank-40
// cores of positive entries: ~d n eps = 1e-13.
void check_gaussian_preconditions(const Gaussian10& g) {
  REQUIRE(mass_outside_box(g.A, g.L) < 1e-13);
  for (double mu : {0.0, 1.5, 3.0}) {
    double q = 0;
    for (int i = 0; i < g.n; ++i) q += g.axis.weights[std::size_t(i)] * std::exp(-0.5 * std::pow(g.axis.nodes[std::size_t(i)] - mu, 2));
    const double exact = std::sqrt(M_PI / 2) * (std::erf((g.L - mu) / std::sqrt(2.0)) + std::erf((g.L + mu) / std::sqrt(2.0)));
    REQUIRE(std::fabs(q - exact) < 1e-14 * exact);
  }
}

}  // namespace

TEST_CASE("integrals and inner products of Gaussians match (2 pi)^{d/2} det(A)^{-1/2}") {
  const Gaussian10 g;
  check_gaussian_preconditions(g);
  const double Z = gaussian_integral(g.A);
  CHECK(tt_integral(g.f) == doctest::Approx(Z).epsilon(1e-12));

  // <f1, f2> with f_i = exp(-x^T A_i x / 4): the integrand is the Gaussian
  // of precision (A_1 + A_2) / 2, here the chain with diagonal 1 and
  // coupling (0.3 - 0.2) / 2; the same preconditions hold (diagonal 1,
  // weaker coupling).
  const TensorTrain f1 = gaussian_chain_tt(g.axis, g.d, 0.5, 0.15), f2 = gaussian_chain_tt(g.axis, g.d, 0.5, -0.1);
  const Matrix A12 = chain_precision(g.d, 1.0, 0.05);
  REQUIRE(mass_outside_box(A12, g.L) < 1e-13);
  CHECK(tt_inner(f1, f2) == doctest::Approx(gaussian_integral(A12)).epsilon(1e-12));
  CHECK(tt_inner(f1, f1) == doctest::Approx(Z).epsilon(1e-12));
}

TEST_CASE("1-D and 2-D marginals of a Gaussian are the scaled normal marginals") {
  // ∫ exp(-x^T A x / 2) dx_{-K} = Z N(x_K; 0, Σ_KK), Σ = A^{-1}, Z the total
  // integral. Same error sources as the integral (d - 1 or d - 2 axes of
  // quadrature, mass outside the box): 1e-12 of the largest value.
  const Gaussian10 g;
  check_gaussian_preconditions(g);
  const double Z = gaussian_integral(g.A);
  const Matrix S = g.A.inverse();
  const std::vector<double>& x = g.axis.nodes;

  const int k = 3;
  const Vector m = tt_marginal(g.f, k);
  REQUIRE(m.size() == g.n);
  double peak = 0, err = 0;
  for (int i = 0; i < g.n; ++i) {
    const double exact = Z * std::exp(-0.5 * x[std::size_t(i)] * x[std::size_t(i)] / S(k, k)) / std::sqrt(2 * M_PI * S(k, k));
    peak = std::max(peak, exact);
    err = std::max(err, std::fabs(m[i] - exact));
  }
  CHECK(err <= 1e-12 * peak);
  double sum = 0;
  for (int i = 0; i < g.n; ++i) sum += m[i] * g.axis.weights[std::size_t(i)];
  CHECK(sum == doctest::Approx(tt_integral(g.f)).epsilon(1e-13));

  const int a = 2, b = 5;
  Eigen::Matrix2d S2;
  S2 << S(a, a), S(a, b), S(b, a), S(b, b);
  const Eigen::Matrix2d P2 = S2.inverse();
  const Matrix m2 = tt_marginal(g.f, a, b);
  REQUIRE(m2.rows() == g.n);
  REQUIRE(m2.cols() == g.n);
  peak = err = 0;
  for (int i = 0; i < g.n; ++i)
    for (int j = 0; j < g.n; ++j) {
      const Eigen::Vector2d v(x[std::size_t(i)], x[std::size_t(j)]);
      const double exact = Z * std::exp(-0.5 * v.dot(P2 * v)) / (2 * M_PI * std::sqrt(S2.determinant()));
      peak = std::max(peak, exact);
      err = std::max(err, std::fabs(m2(i, j) - exact));
    }
  CHECK(err <= 1e-12 * peak);
  CHECK((tt_marginal(g.f, b, a) - m2.transpose()).cwiseAbs().maxCoeff() <= 1e-14 * peak);
}

// ------------------------------------------------ the heat kernel ---

TEST_CASE("heat-kernel convolution of a Gaussian matches its closed form") {
  // g(x) = ∫ exp(-c |x - y|^2) exp(-y^T A y / 2) dy. In the exponent,
  // -c|x|^2 + 2c x^T y - y^T P y / 2 with P = A + 2c I; completing the
  // square around m = 2c P^{-1} x gives
  //   g(x) = (2 pi)^{d/2} det(P)^{-1/2} exp(-c |x|^2 + 2 c^2 x^T P^{-1} x),
  // a Gaussian of precision 2c I - 4c^2 P^{-1} (in 1-D: 2ca / (a + 2c), the
  // variances 1/a and 1/(2c) add). c = beta / (4T) with beta = 1, T = 1.
  const int d = 3;
  const double L = 8, c = 0.25;
  Matrix A(d, d);
  A << 1.0, 0.3, 0.1, 0.3, 0.8, -0.2, 0.1, -0.2, 1.2;
  const Matrix P = A + 2 * c * Matrix::Identity(d, d), Pinv = P.inverse();
  const double gscale = std::pow(2 * M_PI, d / 2.0) / std::sqrt(P.determinant());
  auto g_exact = [&](const Vector& x) { return gscale * std::exp(-c * x.squaredNorm() + 2 * c * c * x.dot(Pinv * x)); };

  // Input on 48 Gauss-Legendre nodes on [-8, 8]; output on a different
  // grid, 52 nodes on [-7, 7] (the map may change the grid).
  const TTAxis in = tt_axis_gauss_legendre(-L, L, 48), out = tt_axis_gauss_legendre(-7, 7, 52);
  std::vector<double> full(std::size_t(48 * 48 * 48));
  for (int i = 0; i < 48; ++i)
    for (int j = 0; j < 48; ++j)
      for (int k = 0; k < 48; ++k) {
        const Vector y = Eigen::Vector3d(in.nodes[std::size_t(i)], in.nodes[std::size_t(j)], in.nodes[std::size_t(k)]);
        full[std::size_t((i * 48 + j) * 48 + k)] = std::exp(-0.5 * y.dot(A * y));
      }
  const TensorTrain f = tt_svd(std::vector<TTAxis>(3, in), full.data(), 0.0, 48);  // exact up to rounding
  const Matrix K = tt_gaussian_convolution_matrix(in, out, c);
  CHECK(K.rows() == 52);
  CHECK(K.cols() == 48);
  const TensorTrain conv = tt_apply(f, {K, K, K}, std::vector<TTAxis>(3, out));
  CHECK(conv.ranks() == f.ranks());

  // At the output nodes the only errors are the y-quadrature and the part
  // of the y-integrand outside the input box. For each x the integrand is
  // a Gaussian in y with covariance P^{-1} and mean m = 2c P^{-1} x; the
  // 48-point rule integrates such profiles (precision >= 1.3, centres
  // |m| <= 3.5) to ~1e-15 relative (as in the 1-D tables of the
  // Gauss-Legendre tests), so allow 1e-12 of max g for quadrature and
  // rounding, plus the outside mass Σ_k erfc((L - |m_k|) / sqrt(2 P^{-1}_kk))
  // times g(x).
  const double gmax = gscale;  // g peaks at x = 0
  IndexMatrix idx(400, d);
  RandomStream rs(5, 0, 0);
  for (int p = 0; p < 400; ++p)
    for (int k = 0; k < d; ++k) idx(p, k) = int(rs.uniform() * 52);
  Vector v;
  tt_evaluate_indices(conv, idx, v);
  for (int p = 0; p < 400; ++p) {
    Vector x(d);
    for (int k = 0; k < d; ++k) x[k] = out.nodes[std::size_t(idx(p, k))];
    const Vector m = 2 * c * Pinv * x;
    double outside = 0;
    for (int k = 0; k < d; ++k) outside += std::erfc((L - std::fabs(m[k])) / std::sqrt(2 * Pinv(k, k)));
    const double ex = g_exact(x);
    CHECK(std::fabs(v[p] - ex) <= 1e-12 * gmax + outside * ex);
  }

  // Off the nodes the output's interpolation adds its error. Along every
  // axis line g is exp(-a (t - mu)^2 / 2) times a constant <= gmax, with
  // a = the diagonal of g's precision; the 1-D Lagrange error e1 of such
  // profiles on the output axis is measured here, and tensor-product
  // interpolation amplifies it by at most 1 + Λ + Λ^2 (Λ the axis'
  // Lebesgue constant) over the three axes.
  const Matrix Ag = 2 * c * Matrix::Identity(d, d) - 4 * c * c * Pinv;
  double e1 = 0;
  for (int k = 0; k < d; ++k)
    for (double mu : {0.0, 2.0, 4.0}) {
      double ev = 0, ed = 0;
      const double a = Ag(k, k);
      interpolation_error_1d(out, [&](double t) { return std::exp(-0.5 * a * (t - mu) * (t - mu)); },
                             [&](double t) { return -a * (t - mu) * std::exp(-0.5 * a * (t - mu) * (t - mu)); }, ev, ed);
      e1 = std::max(e1, ev);
    }
  const double lambda = lebesgue_constant(out);
  MESSAGE("convolution: 1-D interpolation error " << e1 << ", Lebesgue constant " << lambda);
  const double off_tol = (1 + lambda + lambda * lambda) * (e1 * gmax + 1e-12 * gmax);
  RowMatrix pts(300, d);
  for (int p = 0; p < 300; ++p)
    for (int k = 0; k < d; ++k) pts(p, k) = -4 + 8 * rs.uniform();  // where the box holds the y-integrand
  tt_evaluate(conv, pts, v);
  double worst = 0;
  for (int p = 0; p < 300; ++p) worst = std::max(worst, std::fabs(v[p] - g_exact(pts.row(p).transpose())));
  CHECK(worst <= off_tol);
  MESSAGE("convolution: max error off the nodes " << worst / gmax << " of max g (allowed " << off_tol / gmax << ")");
}

// -------------------------------------------------------- evaluation ---

TEST_CASE("Lagrange evaluation and gradients off the grid match a smooth function") {
  // f(x) = exp(-x^T B x / 2) on [-4, 4]^3 with 48 Gauss-Legendre nodes per
  // axis. Every axis line of f is a scaled exp(-b (t - mu)^2 / 2), b <= 1;
  // their 1-D interpolation errors are measured below (precondition:
  // < 1e-13 for values, 1e-11 for derivatives: spectral convergence has
  // reached rounding). The tensor interpolant amplifies them by at most
  // 1 + Λ + Λ^2; rounding in the degree-47 Legendre sums adds ~n eps for
  // values and ~n^3 eps / 4 (|P_m'| <= m^2 / 2, scaled by 1 / half-width) for
  // derivatives.
  const int d = 3, n = 48;
  const TTAxis ax = tt_axis_gauss_legendre(-4, 4, n);
  Matrix B(d, d);
  B << 1.0, 0.4, -0.2, 0.4, 0.9, 0.3, -0.2, 0.3, 0.8;
  std::vector<double> full(std::size_t(n * n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) {
        const double y[3] = {ax.nodes[std::size_t(i)], ax.nodes[std::size_t(j)], ax.nodes[std::size_t(k)]};
        full[std::size_t((i * n + j) * n + k)] = std::exp(-0.5 * quadratic_form(B, y));
      }
  const TensorTrain f = tt_svd(std::vector<TTAxis>(3, ax), full.data(), 0.0, n);

  double e1 = 0, d1 = 0;
  for (int k = 0; k < d; ++k)
    for (double mu : {0.0, 1.5, 3.0}) {
      double ev = 0, ed = 0;
      const double b = B(k, k);
      interpolation_error_1d(ax, [&](double t) { return std::exp(-0.5 * b * (t - mu) * (t - mu)); },
                             [&](double t) { return -b * (t - mu) * std::exp(-0.5 * b * (t - mu) * (t - mu)); }, ev, ed);
      e1 = std::max(e1, ev);
      d1 = std::max(d1, ed);
    }
  REQUIRE(e1 < 1e-13);
  REQUIRE(d1 < 1e-11);
  const double lambda = lebesgue_constant(ax), amp = 1 + lambda + lambda * lambda;
  const double eps = 2.2e-16;
  const double val_tol = amp * (e1 + n * eps), grad_tol = amp * (d1 + n * n * n * eps / 4);

  RowMatrix pts(500, d), grad;
  RandomStream rs(9, 0, 0);
  for (int p = 0; p < 500; ++p)
    for (int k = 0; k < d; ++k) pts(p, k) = -4 + 8 * rs.uniform();
  Vector v;
  tt_evaluate(f, pts, v, &grad);
  double ve = 0, ge = 0;
  for (int p = 0; p < 500; ++p) {
    const Vector x = pts.row(p).transpose();
    const double fx = std::exp(-0.5 * x.dot(B * x));
    const Vector gx = -fx * (B * x);
    ve = std::max(ve, std::fabs(v[p] - fx));
    ge = std::max(ge, (grad.row(p).transpose() - gx).cwiseAbs().maxCoeff());
  }
  MESSAGE("Lagrange: value error " << ve << " (allowed " << val_tol << "), gradient error " << ge << " (allowed "
                                   << grad_tol << "), Lebesgue constant " << lambda);
  CHECK(ve <= val_tol);
  CHECK(ge <= grad_tol);

  // The gradient is the interpolant's own derivative: central differences
  // with step 1e-5 agree to h^2 |p'''| / 6 + eps |p| / h ~ 1e-10 + 1e-11.
  RowMatrix shifted = pts.topRows(50);
  Vector vp, vm;
  double fd = 0;
  for (int k = 0; k < d; ++k) {
    shifted = pts.topRows(50);
    shifted.col(k).array() += 1e-5;
    tt_evaluate(f, shifted, vp);
    shifted.col(k).array() -= 2e-5;
    tt_evaluate(f, shifted, vm);
    for (int p = 0; p < 50; ++p) fd = std::max(fd, std::fabs((vp[p] - vm[p]) / 2e-5 - grad(p, k)));
  }
  CHECK(fd < 1e-9);

  // At the nodes the interpolant returns the node values (to rounding).
  IndexMatrix idx(20, d);
  RowMatrix at(20, d);
  for (int p = 0; p < 20; ++p)
    for (int k = 0; k < d; ++k) {
      idx(p, k) = (7 * p + 5 * k) % n;
      at(p, k) = ax.nodes[std::size_t(idx(p, k))];
    }
  Vector exact_nodes;
  tt_evaluate_indices(f, idx, exact_nodes);
  tt_evaluate(f, at, v);
  CHECK((v - exact_nodes).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("each interpolation rule reproduces the polynomials it should, with derivatives") {
  // Lagrange on n nodes is exact for degree n - 1; the not-a-knot spline
  // for cubics (on any nodes, its end pieces continued to [lo, hi]), and
  // with 3 nodes for the parabola, with 2 for the line. Values are O(10^2)
  // here, so rounding leaves ~1e-13.
  auto check = [](const TTAxis& ax, const std::function<double(double)>& p, const std::function<double(double)>& dp) {
    Vector f(ax.size());
    for (int i = 0; i < ax.size(); ++i) f[i] = p(ax.nodes[std::size_t(i)]);
    const TensorTrain tt = tt_separable({ax}, {f});
    RowMatrix x(101, 1), g;
    for (int q = 0; q <= 100; ++q) x(q, 0) = ax.lo + (ax.hi - ax.lo) * q / 100.0;
    Vector v;
    tt_evaluate(tt, x, v, &g);
    for (int q = 0; q <= 100; ++q) {
      CHECK(v[q] == doctest::Approx(p(x(q, 0))).epsilon(1e-13).scale(100));
      CHECK(g(q, 0) == doctest::Approx(dp(x(q, 0))).epsilon(1e-12).scale(100));
    }
  };
  auto quintic = [](double t) { return 2 - t + 3 * t * t - 0.5 * std::pow(t, 3) + 0.2 * std::pow(t, 4) - 0.1 * std::pow(t, 5); };
  auto dquintic = [](double t) { return -1 + 6 * t - 1.5 * t * t + 0.8 * std::pow(t, 3) - 0.5 * std::pow(t, 4); };
  check(tt_axis_gauss_legendre(-1.5, 2.5, 6), quintic, dquintic);
  TTAxis odd;  // Lagrange on nodes of the caller's choosing
  odd.nodes = {-1.0, -0.2, 0.1, 0.9, 1.7, 2.0};
  odd.weights.assign(6, 1.0);
  odd.lo = -1.0;
  odd.hi = 2.0;
  check(odd, quintic, dquintic);

  auto cubic = [](double t) { return 1 - 2 * t + 0.5 * t * t + 0.75 * t * t * t; };
  auto dcubic = [](double t) { return -2 + t + 2.25 * t * t; };
  TTAxis spline;
  spline.nodes = {0.0, 0.3, 1.1, 1.5, 2.6, 3.0};
  spline.weights.assign(6, 1.0);
  spline.lo = -0.5;
  spline.hi = 3.5;
  spline.interpolation = TTInterpolation::CubicSpline;
  check(spline, cubic, dcubic);
  spline.nodes = {0.0, 0.7, 3.0};
  spline.weights.assign(3, 1.0);
  check(spline, [](double t) { return 1 + t - 2 * t * t; }, [](double t) { return 1 - 4 * t; });
  spline.nodes = {0.5, 2.0};
  spline.weights.assign(2, 1.0);
  check(spline, [](double t) { return 3 - 2 * t; }, [](double) { return -2.0; });
}

TEST_CASE("cubic-spline evaluation converges at O(h^4) (values) and O(h^3) (gradients)") {
  // f(x, y) = exp(-(x^2 + x y + y^2) / 2) on [-5, 5]^2 with trapezoid nodes.
  // Error of the not-a-knot spline: values <= C h^4 max|f''''|, derivatives
  // <= C' h^3 max|f''''|; halving h divides them by ~16 and ~8 once h is in
  // the asymptotic range. Accept ratios in [11, 22] and [5.5, 11].
  auto run = [](int n, double& ve, double& ge) {
    const TTAxis ax = tt_axis_uniform(-5, 5, n, TTUniformRule::Trapezoid);
    std::vector<double> full(std::size_t(n * n));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double x = ax.nodes[std::size_t(i)], y = ax.nodes[std::size_t(j)];
        full[std::size_t(i * n + j)] = std::exp(-0.5 * (x * x + x * y + y * y));
      }
    const TensorTrain f = tt_svd(std::vector<TTAxis>(2, ax), full.data(), 0.0, n);
    RowMatrix pts(2000, 2), grad;
    RandomStream rs(13, 0, 0);
    for (int p = 0; p < 2000; ++p)
      for (int k = 0; k < 2; ++k) pts(p, k) = -5 + 10 * rs.uniform();
    Vector v;
    tt_evaluate(f, pts, v, &grad);
    ve = ge = 0;
    for (int p = 0; p < 2000; ++p) {
      const double x = pts(p, 0), y = pts(p, 1), fx = std::exp(-0.5 * (x * x + x * y + y * y));
      ve = std::max(ve, std::fabs(v[p] - fx));
      ge = std::max({ge, std::fabs(grad(p, 0) + (x + 0.5 * y) * fx), std::fabs(grad(p, 1) + (y + 0.5 * x) * fx)});
    }
  };
  double v1, g1, v2, g2;
  run(81, v1, g1);
  run(161, v2, g2);
  MESSAGE("spline: h = 1/8: value error " << v1 << ", gradient error " << g1 << "; h = 1/16: " << v2 << ", " << g2);
  CHECK(v1 / v2 > 11);
  CHECK(v1 / v2 < 22);
  CHECK(g1 / g2 > 5.5);
  CHECK(g1 / g2 < 11);
  // Absolute size at h = 1/8: (5/384) h^4 max|f''''| with max|f''''| = 3 on
  // the unit-precision lines, times the tensor amplification (<= 3 for the
  // spline's small Lebesgue constant): ~3e-5.
  CHECK(v1 < 5.0 / 384 * std::pow(0.125, 4) * 3 * 3);
}

TEST_CASE("points outside the box: clamp, zero or error, as asked") {
  const TTAxis ax = tt_axis_gauss_legendre(-2, 2, 12);
  const TensorTrain f = tt_separable({ax, ax}, {Vector::LinSpaced(12, 1, 2), Vector::LinSpaced(12, 3, 1)});
  RowMatrix out(1, 2), in(1, 2), grad_out, grad_in;
  out << 3.5, 0.25;
  in << 2.0, 0.25;
  Vector v_out, v_in;
  tt_evaluate(f, out, v_out, &grad_out);  // Clamp is the default
  tt_evaluate(f, in, v_in, &grad_in);
  CHECK(v_out[0] == doctest::Approx(v_in[0]).epsilon(1e-15));
  CHECK(grad_out(0, 0) == 0.0);
  CHECK(grad_out(0, 1) == doctest::Approx(grad_in(0, 1)).epsilon(1e-15));

  tt_evaluate(f, out, v_out, &grad_out, TTOutside::Zero);
  CHECK(v_out[0] == 0.0);
  CHECK(grad_out.cwiseAbs().maxCoeff() == 0.0);

  CHECK_THROWS_AS(tt_evaluate(f, out, v_out, nullptr, TTOutside::Error), InputError);
  CHECK(message_of([&] { tt_evaluate(f, out, v_out, nullptr, TTOutside::Error); }).find("outside the box [-2, 2]") !=
        std::string::npos);

  RowMatrix nan_point(1, 2);
  nan_point << std::nan(""), 0.0;
  tt_evaluate(f, nan_point, v_out, &grad_out);
  CHECK(std::isnan(v_out[0]));
  CHECK(std::isnan(grad_out(0, 1)));
  nan_point << std::nan(""), 9.0;  // NaN wins over an outside coordinate
  tt_evaluate(f, nan_point, v_out, &grad_out, TTOutside::Zero);
  CHECK(std::isnan(v_out[0]));
}

// ------------------------------------------------------- bad input ---

TEST_CASE("bad input: wrong shapes, ranks and grids are refused with clear messages") {
  // Grids.
  CHECK_THROWS_AS(tt_axis_gauss_legendre(-1, 1, 1), InputError);
  CHECK(message_of([] { tt_axis_gauss_legendre(-1, 1, 1); }).find("n = 1, need n >= 2") != std::string::npos);
  CHECK_THROWS_AS(tt_axis_uniform(1, -1, 5, TTUniformRule::Midpoint), InputError);
  CHECK_THROWS_AS(tt_axis_index(0), InputError);
  TTAxis bad = tt_axis_gauss_legendre(-1, 1, 4);
  std::swap(bad.nodes[1], bad.nodes[2]);
  CHECK(message_of([&] { tt_check_axis(bad, "axis 2"); }).find("axis 2: nodes must increase strictly") != std::string::npos);
  bad = tt_axis_gauss_legendre(-1, 1, 4);
  bad.weights.pop_back();
  CHECK_THROWS_AS(tt_check_axis(bad, "axis 0"), DimensionMismatch);

  // Cores that do not chain.
  const TTAxis ax = tt_axis_gauss_legendre(-1, 1, 4);
  CHECK_THROWS_AS(TensorTrain({ax, ax}, {Matrix::Ones(4, 2), Matrix::Ones(4, 1)}), DimensionMismatch);
  CHECK(message_of([&] { TensorTrain({ax, ax}, {Matrix::Ones(4, 2), Matrix::Ones(4, 1)}); })
            .find("core 1 has 4 rows, expected r_1 * n_1 = 2 * 4 = 8") != std::string::npos);
  CHECK_THROWS_AS(TensorTrain({ax, ax}, {Matrix::Ones(4, 2), Matrix::Ones(8, 2)}), DimensionMismatch);
  CHECK_THROWS_AS(TensorTrain({ax}, {}), DimensionMismatch);
  CHECK_THROWS_AS(tt_separable({ax}, {Vector::Ones(5)}), DimensionMismatch);

  // Ranks and tolerances.
  TensorTrain t = random_tt({3, 3}, {1, 2, 1}, 1);
  CHECK_THROWS_AS(tt_round(t, 1e-8, 0), InputError);
  CHECK(message_of([&] { tt_round(t, 1e-8, 0); }).find("max_rank 0, need >= 1") != std::string::npos);
  CHECK_THROWS_AS(tt_round(t, -1.0, 3), InputError);
  std::vector<double> nine(9, 1.0);
  CHECK_THROWS_AS(tt_svd(std::vector<int>{3, 3}, nine.data(), 1e-8, 0), InputError);
  TTCrossOptions opt;
  opt.max_rank = 0;
  auto one = [](const RowMatrix& p, Vector& v) { v = Vector::Ones(p.rows()); };
  CHECK_THROWS_AS(tt_cross({ax, ax}, one, opt), InputError);
  opt = TTCrossOptions();
  opt.initial_points = RowMatrix::Zero(3, 5);
  CHECK_THROWS_AS(tt_cross({ax, ax}, one, opt), DimensionMismatch);

  // Different grids, wrong point and index shapes.
  const TensorTrain u = random_tt({3, 4}, {1, 2, 1}, 2), w = random_tt({3, 5}, {1, 2, 1}, 3);
  CHECK_THROWS_AS(tt_sum(u, w), DimensionMismatch);
  CHECK(message_of([&] { tt_inner(u, w); }).find("axis 1 has 4 nodes in one tensor train and 5 in the other") !=
        std::string::npos);
  Vector v;
  CHECK_THROWS_AS(tt_evaluate(u, RowMatrix::Zero(2, 3), v), DimensionMismatch);
  CHECK(message_of([&] { tt_evaluate(u, RowMatrix::Zero(2, 3), v); })
            .find("points have 3 columns but the tensor train has dimension 2") != std::string::npos);
  IndexMatrix idx(1, 2);
  idx << 0, 4;
  CHECK(message_of([&] { tt_evaluate_indices(u, idx, v); }).find("index 4 on axis 1, allowed [0, 4)") != std::string::npos);
  CHECK_THROWS_AS(tt_apply(u, {Matrix::Ones(3, 3)}), DimensionMismatch);
  CHECK_THROWS_AS(tt_apply(u, {Matrix::Ones(3, 3), Matrix::Ones(4, 5)}), DimensionMismatch);
  CHECK_THROWS_AS(tt_marginal(u, 1, 1), InputError);
  CHECK_THROWS_AS(tt_marginal(u, 2), InputError);
  CHECK_THROWS_AS(tt_gaussian_convolution_matrix(ax, ax, 0.0), InputError);
}

// ------------------------------------------------------------ memory ---

TEST_CASE("memory estimates") {
  CHECK(tt_bytes({4, 5, 6}, {1, 2, 3, 1}) == sizeof(double) * (1 * 4 * 2 + 2 * 5 * 3 + 3 * 6 * 1));
  CHECK_THROWS_AS(tt_bytes({4, 5}, {1, 1}), DimensionMismatch);
  const std::vector<int> sizes(10, 32);
  // The cross needs at least the TT at the capped ranks and one supercore.
  const std::size_t b16 = tt_cross_bytes(sizes, 16, 1 << 16), b32 = tt_cross_bytes(sizes, 32, 1 << 16);
  std::vector<int> r(11, 16);
  r.front() = r.back() = 1;
  r[1] = r[9] = 16;
  CHECK(b16 >= tt_bytes(sizes, r) + sizeof(double) * 16 * 32 * 32 * 16);
  CHECK(b32 > 3 * b16);  // supercores grow as r^2
  CHECK(b32 < std::size_t(1) << 30);
  // Ranks are also capped by the unfoldings: 2 x 2 x 2 never needs more than rank 2.
  CHECK(tt_cross_bytes({2, 2, 2}, 1000, 1) == tt_cross_bytes({2, 2, 2}, 2, 1));
}
