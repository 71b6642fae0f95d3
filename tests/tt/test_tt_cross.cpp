// TT cross: accuracy on a correlated 10-D Gaussian, determinism across
// thread counts, log-scale crosses, product and division of trains, and
// the reporting of runs that do not converge or oracles that misbehave.
#include <Eigen/Cholesky>
#include <atomic>
#include <cmath>
#include <string>

#include "testing.hpp"
#include "tt_test_support.hpp"

using namespace wprox;
using namespace tt_test;

namespace {

// f(x) = exp(-x^T A x / 2) for the chain precision, batched and parallel
// over the points like a Potential would be.
TTOracle chain_gaussian_oracle(double diag, double rho, double log_shift = 0.0, bool log_values = false) {
  return [=](const RowMatrix& P, Vector& v) {
    v.resize(P.rows());
    parallel_for(long(P.rows()), [&](long b, long e) {
      for (long p = b; p < e; ++p) {
        double q = 0;
        for (Eigen::Index k = 0; k < P.cols(); ++k) {
          q += diag * P(p, k) * P(p, k);
          if (k) q += 2 * rho * P(p, k) * P(p, k - 1);
        }
        v[p] = log_values ? log_shift - 0.5 * q : std::exp(log_shift - 0.5 * q);
      }
    }, 256);
  };
}

// Grid indices of points drawn from N(0, A^{-1}) (snapped to the nearest
// node per axis): where the Gaussian's mass is, unlike uniform grid points.
IndexMatrix gaussian_grid_samples(const Matrix& A, const TTAxis& axis, int count, std::uint64_t seed) {
  const int d = int(A.rows());
  const Matrix U = Eigen::LLT<Matrix>(A).matrixU();  // A = U^T U: x = U^{-1} z has covariance A^{-1}
  IndexMatrix idx(count, d);
  for (int p = 0; p < count; ++p) {
    RandomStream rs(seed, std::uint64_t(p), 0);
    Vector z(d);
    for (int k = 0; k < d; ++k) z[k] = rs.normal();
    const Vector x = U.triangularView<Eigen::Upper>().solve(z);
    for (int k = 0; k < d; ++k) {
      int best = 0;
      for (int i = 1; i < axis.size(); ++i)
        if (std::fabs(axis.nodes[std::size_t(i)] - x[k]) < std::fabs(axis.nodes[std::size_t(best)] - x[k])) best = i;
      idx(p, k) = best;
    }
  }
  return idx;
}

bool same_bits(const TensorTrain& a, const TensorTrain& b) {
  if (a.ranks() != b.ranks()) return false;
  for (int k = 0; k < a.dim(); ++k)
    if (!(a.core(k).array() == b.core(k).array()).all()) return false;
  return true;
}

}  // namespace

TEST_CASE("cross recovers a correlated 10-D Gaussian to 1e-8") {
  // exp(-x^T A x / 2), A = I + 0.3 (chain), on 32 Gauss-Legendre nodes per
  // axis on [-8, 8]. The reference is the exact rank-32 chain TT on the same
  // grid, so errors are measured over all 32^10 grid values (no
  // interpolation error enters: both live on the nodes).
  const int d = 10, n = 32;
  const double L = 8, rho = 0.3;
  const TTAxis axis = tt_axis_gauss_legendre(-L, L, n);
  const std::vector<TTAxis> axes(std::size_t(d), axis);
  const Matrix A = chain_precision(d, 1.0, rho);
  const TensorTrain exact = gaussian_chain_tt(axis, d, 1.0, rho);

  TTCrossOptions opt;
  opt.tolerance = 1e-9;
  opt.max_rank = 30;
  const TTCrossResult res = tt_cross(axes, chain_gaussian_oracle(1.0, rho), opt);
  MESSAGE("10-D Gaussian: " << res.message << "; " << res.oracle_calls << " oracle calls");
  REQUIRE(res.converged);
  CHECK(res.ranks == res.tt.ranks());
  CHECK(res.tt.max_rank() <= 16);

  // (1) Relative Frobenius error over the whole grid, exactly in TT form.
  // The stopping rule asks the last sweep to change the TT by <= 1e-9; the
  // change estimates the error of the previous sweep, and the last sweep
  // is at least as good, so the error is ~1e-9: the claimed 1e-8 has 10x.
  const double fro = tt_norm(tt_sum(res.tt, exact, 1.0, -1.0)) / tt_norm(exact);
  MESSAGE("10-D Gaussian: relative Frobenius error over the grid " << fro);
  CHECK(fro < 1e-8);

  // (2) Max error at 4000 grid points where the mass is (drawn from the
  // Gaussian, snapped to the grid), relative to the largest value of f on
  // the grid (f at the nodes nearest 0). (1) alone only gives
  // max|E| <= ||E||_F = fro ||f||_F, i.e. ~3e2 fro / max f here, so this is
  // a separate claim: the pivots sit in the mass, where the cross
  // interpolates, and its error there is far below the grid-wide one.
  const IndexMatrix idx = gaussian_grid_samples(A, axis, 4000, 17);
  Vector approx, truth;
  tt_evaluate_indices(res.tt, idx, approx);
  tt_evaluate_indices(exact, idx, truth);
  IndexMatrix centre = IndexMatrix::Constant(1, d, n / 2);
  Vector fmax;
  tt_evaluate_indices(exact, centre, fmax);
  const double max_err = (approx - truth).cwiseAbs().maxCoeff() / fmax[0];
  MESSAGE("10-D Gaussian: max relative error at 4000 points in the mass " << max_err << " (Frobenius bound "
                                                                          << fro * tt_norm(exact) / fmax[0] << ")");
  CHECK(max_err < 1e-8);

  // (3) The integral against the closed form (2 pi)^5 det(A)^{-1/2}. The
  // cross's part: |<T' - T, W>| <= ||T' - T||_F ||W||_F with W the product
  // of the weights. The grid's part: mass outside the box plus the
  // product-rule error (<= d times the 1-D error of exp(-t^2/2) on this
  // axis, measured: the conditional integrands have precision A_kk = 1).
  double wnorm = 1;
  for (int k = 0; k < d; ++k) wnorm *= Eigen::Map<const Vector>(axis.weights.data(), n).norm();
  const double Z = gaussian_integral(A), Tint = tt_integral(exact);
  double q1 = 0;
  for (int i = 0; i < n; ++i) q1 += axis.weights[std::size_t(i)] * std::exp(-0.5 * axis.nodes[std::size_t(i)] * axis.nodes[std::size_t(i)]);
  q1 = std::fabs(q1 - std::sqrt(2 * M_PI) * std::erf(L / std::sqrt(2.0))) / std::sqrt(2 * M_PI);
  const double grid_err = mass_outside_box(A, L) + d * q1;
  const double bound = fro * tt_norm(exact) * wnorm / Tint + grid_err;
  MESSAGE("10-D Gaussian: integral relative error " << std::fabs(tt_integral(res.tt) - Z) / Z << " (bound " << bound
                                                    << ", of which grid " << grid_err << ")");
  CHECK(std::fabs(tt_integral(res.tt) - Z) <= bound * Z);
  CHECK(std::fabs(tt_integral(res.tt) - Z) <= 1e-8 * Z);
}

TEST_CASE("cross gives the same bits with 1 and 2 threads") {
  const int d = 6;
  const TTAxis axis = tt_axis_gauss_legendre(-6, 6, 16);
  const std::vector<TTAxis> axes(std::size_t(d), axis);
  TTCrossOptions opt;
  opt.tolerance = 1e-7;
  opt.max_batch = 1000;  // many oracle calls, each parallel inside
  TTCrossResult r1, r2;
  with_threads(1, [&] { r1 = tt_cross(axes, chain_gaussian_oracle(1.0, 0.3), opt); });
  with_threads(2, [&] { r2 = tt_cross(axes, chain_gaussian_oracle(1.0, 0.3), opt); });
  REQUIRE(r1.converged);
  CHECK(same_bits(r1.tt, r2.tt));
  CHECK(r1.evaluations == r2.evaluations);
  CHECK(r1.relative_change == r2.relative_change);
  CHECK(r1.validation_error == r2.validation_error);
  // Evaluation off the grid too.
  RowMatrix pts(200, d), g1, g2;
  RandomStream rs(3, 0, 0);
  for (int p = 0; p < 200; ++p)
    for (int k = 0; k < d; ++k) pts(p, k) = -6 + 12 * rs.uniform();
  Vector v1, v2;
  with_threads(1, [&] { tt_evaluate(r1.tt, pts, v1, &g1); });
  with_threads(2, [&] { tt_evaluate(r1.tt, pts, v2, &g2); });
  CHECK((v1.array() == v2.array()).all());
  CHECK((g1.array() == g2.array()).all());
}

TEST_CASE("log-scale cross handles values that overflow a double") {
  // log f = 800 - x^T (4A) x / 2 in 4-D: f itself is e^800 = inf at the
  // centre, so the plain cross must refuse it, while tt_cross_log returns
  // exp(log f - log_scale) with log_scale within the grid's max of log f.
  const int d = 4;
  const TTAxis axis = tt_axis_gauss_legendre(-4, 4, 24);
  const std::vector<TTAxis> axes(std::size_t(d), axis);
  TTCrossOptions opt;
  opt.tolerance = 1e-9;
  CHECK_THROWS_AS(tt_cross(axes, chain_gaussian_oracle(4.0, 1.2, 800.0), opt), RunError);
  const TTCrossResult res = tt_cross_log(axes, chain_gaussian_oracle(4.0, 1.2, 800.0, true), opt);
  MESSAGE("log cross: " << res.message << ", log_scale " << res.log_scale);
  REQUIRE(res.converged);
  CHECK(res.log_scale <= 800.0);
  CHECK(res.log_scale > 799.0);  // the grid's nodes nearest 0 have log f ~ 800 - 0.1

  // The same function, shifted into range, crossed plainly: the two results
  // describe one function; compare on the whole grid in TT form (relative
  // Frobenius), where each is within ~tolerance of the truth.
  const TTCrossResult plain = tt_cross(axes, chain_gaussian_oracle(4.0, 1.2, 0.0), opt);
  REQUIRE(plain.converged);
  TensorTrain scaled = res.tt;
  scaled.scale(std::exp(res.log_scale - 800.0));
  const double diff = tt_norm(tt_sum(scaled, plain.tt, 1.0, -1.0)) / tt_norm(plain.tt);
  CHECK(diff < 1e-8);
  // Where f is not negligible (f >= 1e-3 max f), log values agree to
  // ~1e-9 / 1e-3 = 1e-6.
  const IndexMatrix idx = gaussian_grid_samples(chain_precision(d, 4.0, 1.2), axis, 500, 5);
  Vector t;
  tt_evaluate_indices(res.tt, idx, t);
  for (int p = 0; p < 500; ++p) {
    double q = 0;
    for (int k = 0; k < d; ++k) {
      const double x = axis.nodes[std::size_t(idx(p, k))];
      q += 4.0 * x * x;
      if (k) q += 2 * 1.2 * x * axis.nodes[std::size_t(idx(p, k - 1))];
    }
    const double logf = 800 - 0.5 * q;
    if (logf > 800 + std::log(1e-3)) CHECK(std::fabs(res.log_scale + std::log(t[p]) - logf) < 1e-6);
  }
}

namespace {

// a: a 4-D Gaussian (rank <= 16 after rounding), b: a positive rank-2 TT
// 1.5^4 Π (1 + cos(x_k) / 1.5) + Π (1 + sin(x_k) / 2), both on 16 nodes on
// [-5, 5] per axis: small enough to compare with the full 16^4 tensor.
struct Pair {
  TTAxis axis = tt_axis_gauss_legendre(-5, 5, 16);
  TensorTrain a, b;
  Pair() {
    a = gaussian_chain_tt(axis, 4, 1.0, 0.4);
    tt_round(a, 1e-14, 64);
    std::vector<Vector> c(4), s(4);
    for (int k = 0; k < 4; ++k) {
      c[std::size_t(k)].resize(16);
      s[std::size_t(k)].resize(16);
      for (int i = 0; i < 16; ++i) {
        c[std::size_t(k)][i] = 1.5 + std::cos(axis.nodes[std::size_t(i)]);
        s[std::size_t(k)][i] = 1.0 + 0.5 * std::sin(axis.nodes[std::size_t(i)]);
      }
    }
    const std::vector<TTAxis> axes(4, axis);
    b = tt_sum(tt_separable(axes, c), tt_separable(axes, s));
  }
};

}  // namespace

TEST_CASE("product and division by cross match the pointwise values") {
  // Against the full 16^4 tensors: relative Frobenius error and max error
  // relative to the largest value. The stopping rule bounds the change of
  // the last sweep by the tolerance 1e-10; as for the Gaussian, the error
  // is of that order, so check 1e-9. The quotient needs rank ~75 at this
  // tolerance (TT-SVD of the full tensor says 16, 75, 16), hence the cap.
  const Pair p;
  const std::vector<double> A = tt_full(p.a), B = tt_full(p.b);
  TTCrossOptions opt;
  opt.tolerance = 1e-10;
  opt.max_rank = 100;
  for (bool divide : {false, true}) {
    const TTCrossResult res = divide ? tt_divide_cross(p.a, p.b, opt) : tt_multiply_cross(p.a, p.b, opt);
    MESSAGE(std::string(divide ? "division: " : "product: ") << res.message);
    REQUIRE(res.converged);
    CHECK(res.oracle_calls == 0);
    std::vector<double> exact(A.size());
    for (std::size_t i = 0; i < A.size(); ++i) exact[i] = divide ? A[i] / B[i] : A[i] * B[i];
    const std::vector<double> got = tt_full(res.tt);
    double num = 0, den = 0, maxe = 0, maxv = 0;
    for (std::size_t i = 0; i < A.size(); ++i) {
      num += (got[i] - exact[i]) * (got[i] - exact[i]);
      den += exact[i] * exact[i];
      maxe = std::max(maxe, std::fabs(got[i] - exact[i]));
      maxv = std::max(maxv, std::fabs(exact[i]));
    }
    MESSAGE("  relative Frobenius error " << std::sqrt(num / den) << ", max error / max " << maxe / maxv);
    CHECK(std::sqrt(num / den) < 1e-9);
    CHECK(maxe < 1e-9 * maxv);
  }
  // The exact product (rank 16 x 2) rounded to 1e-12 agrees with the cross.
  TensorTrain h = tt_hadamard(p.a, p.b);
  tt_round(h, 1e-12, 64);
  const TTCrossResult prod = tt_multiply_cross(p.a, p.b, opt);
  CHECK(tt_norm(tt_sum(prod.tt, h, 1.0, -1.0)) < 1e-9 * tt_norm(h));
}

TEST_CASE("division refuses a non-positive denominator unless it is floored") {
  const Pair p;
  const TensorTrain shifted = tt_sum(p.b, tt_constant(p.b.axes(), 1.0), 1.0, -3.0);  // b - 3 < 0 somewhere
  TTCrossOptions opt;
  opt.tolerance = 1e-6;
  CHECK_THROWS_AS(tt_divide_cross(p.a, shifted, opt), RunError);
  std::string msg;
  try {
    tt_divide_cross(p.a, shifted, opt);
  } catch (const RunError& e) {
    msg = e.what();
  }
  CHECK(msg.find("denominator is") != std::string::npos);
  CHECK(msg.find("at grid index (") != std::string::npos);
  // Floored, den <- max(den, 1): no throw. (The floored quotient has a kink,
  // so keep the run short; its accuracy is not the point here.)
  opt.max_sweeps = 2;
  opt.max_rank = 8;
  const TTCrossResult floored = tt_divide_cross(p.a, shifted, opt, 1.0);
  CHECK(floored.tt.dim() == 4);
  CHECK_THROWS_AS(tt_divide_cross(p.a, p.b, opt, -1.0), InputError);
}

TEST_CASE("a cross that cannot reach its tolerance says so") {
  const int d = 6;
  const TTAxis axis = tt_axis_gauss_legendre(-6, 6, 16);
  const std::vector<TTAxis> axes(std::size_t(d), axis);
  TTCrossOptions opt;
  opt.tolerance = 1e-10;
  opt.max_rank = 2;
  opt.max_sweeps = 4;
  const TTCrossResult res = tt_cross(axes, chain_gaussian_oracle(1.0, 0.3), opt);
  CHECK_FALSE(res.converged);
  CHECK(res.rank_capped);
  CHECK(res.sweeps == 4);
  CHECK(res.tt.max_rank() <= 2);
  CHECK(res.message.find("did not converge after 4 sweeps (tolerance 1e-10)") != std::string::npos);
  CHECK(res.message.find("cap 2, reached with error left over") != std::string::npos);
  CHECK(res.relative_change > 1e-10);
}

TEST_CASE("oracle misbehaviour and batching") {
  const TTAxis axis = tt_axis_gauss_legendre(-1, 1, 8);
  const std::vector<TTAxis> axes(3, axis);
  TTCrossOptions opt;
  opt.max_batch = 50;
  std::atomic<long> calls{0}, rows{0}, biggest{0};
  auto counting = [&](const RowMatrix& P, Vector& v) {
    ++calls;
    rows += P.rows();
    biggest = std::max<long>(biggest, P.rows());
    v.resize(P.rows());
    for (Eigen::Index p = 0; p < P.rows(); ++p) v[p] = std::sin(P(p, 0) + 2 * P(p, 1)) * std::cos(P(p, 2));
  };
  const TTCrossResult res = tt_cross(axes, counting, opt);
  CHECK(res.converged);
  CHECK(biggest <= 50);
  CHECK(res.oracle_calls == calls);
  CHECK(res.evaluations == rows);
  // sin(x + 2y) cos(z) = (sin x cos 2y + cos x sin 2y) cos z: ranks (1, 2, 1, 1).
  CHECK(res.ranks == std::vector<int>{1, 2, 1, 1});

  auto nan_at_corner = [](const RowMatrix& P, Vector& v) {
    v.resize(P.rows());
    for (Eigen::Index p = 0; p < P.rows(); ++p) v[p] = P(p, 0) > 0.9 && P(p, 1) > 0.9 ? std::nan("") : 1.0;
  };
  CHECK_THROWS_AS(tt_cross(axes, nan_at_corner, opt), RunError);
  auto short_answer = [](const RowMatrix& P, Vector& v) { v = Vector::Ones(P.rows() - 1); };
  CHECK_THROWS_AS(tt_cross(axes, short_answer, opt), DimensionMismatch);
  CHECK_THROWS_AS(tt_cross(axes, TTOracle(), opt), InputError);
}

TEST_CASE("the zero function converges at once, in plain and log form") {
  const TTAxis axis = tt_axis_gauss_legendre(-1, 1, 6);
  const std::vector<TTAxis> axes(4, axis);
  auto zero = [](const RowMatrix& P, Vector& v) { v = Vector::Zero(P.rows()); };
  auto log_zero = [](const RowMatrix& P, Vector& v) { v = Vector::Constant(P.rows(), -INFINITY); };
  for (bool log_form : {false, true}) {
    const TTCrossResult res = log_form ? tt_cross_log(axes, log_zero, {}) : tt_cross(axes, zero, {});
    CHECK(res.converged);
    CHECK(res.sweeps == 2);
    CHECK(res.tt.max_rank() == 1);
    CHECK(tt_norm(res.tt) == 0.0);
  }
  // Overflow inside a product of trains is caught before the SVD sees it.
  const TensorTrain big = tt_constant(axes, 1e200);
  CHECK_THROWS_AS(tt_multiply_cross(big, big, {}), RunError);
}

TEST_CASE("cross on one axis, and seeding with the caller's points") {
  const TTAxis axis = tt_axis_gauss_legendre(-3, 3, 10);
  const TTCrossResult one = tt_cross({axis}, chain_gaussian_oracle(1.0, 0.0), {});
  CHECK(one.converged);
  for (int i = 0; i < 10; ++i)
    CHECK(one.tt.core(0)(i, 0) == doctest::Approx(std::exp(-0.5 * axis.nodes[std::size_t(i)] * axis.nodes[std::size_t(i)])).epsilon(1e-15));

  // A narrow Gaussian off centre in 8-D, exp(-8 |x - 2.5|^2 / 2) on [-4, 4]:
  // the caller's points near its mode seed the index sets and half the
  // validation set, so the validation error now sees the mass.
  const int d = 8;
  const TTAxis ax = tt_axis_gauss_legendre(-4, 4, 24);
  const std::vector<TTAxis> axes(std::size_t(d), ax);
  auto bump = [](const RowMatrix& P, Vector& v) {
    v.resize(P.rows());
    for (Eigen::Index p = 0; p < P.rows(); ++p) v[p] = std::exp(-4.0 * (P.row(p).array() - 2.5).square().sum());
  };
  TTCrossOptions opt;
  opt.tolerance = 1e-8;
  opt.initial_points = RowMatrix::Constant(20, d, 2.5);
  RandomStream rs(2, 0, 0);
  for (int p = 0; p < 20; ++p)
    for (int k = 0; k < d; ++k) opt.initial_points(p, k) += 0.3 * rs.normal();
  const TTCrossResult res = tt_cross(axes, bump, opt);
  MESSAGE("seeded bump: " << res.message);
  REQUIRE(res.converged);
  CHECK(res.tt.max_rank() == 1);  // separable
  CHECK(res.validation_error > 0);  // the validation points hit the mass
  IndexMatrix at(1, d);
  for (int k = 0; k < d; ++k) at(0, k) = 20;  // a node near 2.5
  Vector v;
  tt_evaluate_indices(res.tt, at, v);
  RowMatrix x(1, d);
  for (int k = 0; k < d; ++k) x(0, k) = ax.nodes[20];
  Vector ref;
  bump(x, ref);
  CHECK(v[0] == doctest::Approx(ref[0]).epsilon(1e-12));
}
