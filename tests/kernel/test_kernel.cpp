// The all-pairs kernel (wprox/kernel.hpp): every fast path and every output
// against the plain scalar reference, and its guarantees: log-space
// stability, zero weights for b = -inf, the symmetric path chosen by name,
// the same bits for any thread count, shape errors that name both sizes.
// Every numerical test runs on each SIMD target the CPU supports.
#include <cmath>
#include <limits>
#include <stdexcept>

#include "simd_targets.hpp"
#include "testing.hpp"

using namespace wprox;
using wprox::testing_simd::for_each_simd_target;

namespace {

constexpr double kU = std::numeric_limits<double>::epsilon() / 2;

Particles normal_matrix(long n, int d, std::uint64_t seed, double scale = 1.0) {
  Particles X(n, d);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(seed, std::uint64_t(i));
    rs.normal(X.row(i).data(), d);
  }
  return X * scale;
}

// Random symmetric positive definite d x d precisions, eigenvalues in [0.3, 3].
std::vector<Matrix> random_precisions(long n, int d, std::uint64_t seed) {
  std::vector<Matrix> G(n);
  for (long j = 0; j < n; ++j) {
    const Particles A = normal_matrix(d, d, seed + 7919 * std::uint64_t(j));
    G[j] = 0.3 * Matrix::Identity(d, d) + (A.transpose() * A) / double(d);
  }
  return G;
}

// Error model. Both sides sum the same N terms in different orders (the
// fast paths by lanes, the reference left to right), with exp()s that differ
// by a few ulp and exponents e_ij = b_j - q_ij rounded differently (by about
// u |q_ij|). A sum of N terms in any order has error <= (N - 1) u sum|terms|
// (Higham, Accuracy and Stability, (4.4)); an exponent error delta changes a
// weight by a factor exp(delta). So an output that is a weighted mean of
// values of size <= scale differs by at most
//   2 (N u + 4 u + u qmax) scale
// (numerator and denominator), and lse by (N u + 4 u + u qmax) + u |lse|.
// We allow 2x on top of that for the association inside the distance and
// quadratic-form loops.
double tolerance(long N, double qmax, double scale) { return 4.0 * kU * (double(N) + 4.0 + qmax) * scale; }

struct Scales {
  double qmax = 0, gmax = 0, g2max = 0;
};

Scales scales_of(const Particles& X, const KernelSources& S) {
  Scales s;
  const int d = S.dim();
  for (long i = 0; i < X.rows(); ++i)
    for (long j = 0; j < S.size(); ++j) {
      const Vector r = X.row(i).transpose() - S.points().row(j).transpose();
      Vector g = 2.0 * S.c() * r;
      if (S.has_precisions()) g = Eigen::Map<const RowMatrix>(&S.precisions()[std::size_t(j) * d * d], d, d) * r;
      s.qmax = std::max(s.qmax, std::fabs(0.5 * r.dot(g)));
      s.gmax = std::max(s.gmax, g.cwiseAbs().maxCoeff());
      s.g2max = std::max(s.g2max, g.squaredNorm());
    }
  return s;
}

void compare_all(const Particles& X, const KernelSources& S, KernelRequest req, const RowMatrix* values = nullptr) {
  req.lse = req.mean = req.pull = req.pull_sq = req.weights = true;
  req.values = values;
  KernelResult f, r;
  kernel_sum(X, S, req, f);
  kernel_sum_reference(X, S, req, r);
  const long N = S.size();
  const Scales sc = scales_of(X, S);
  const double vmax = values ? values->cwiseAbs().maxCoeff() : S.points().cwiseAbs().maxCoeff();
  CHECK((f.mean - r.mean).cwiseAbs().maxCoeff() <= tolerance(N, sc.qmax, vmax));
  CHECK((f.pull - r.pull).cwiseAbs().maxCoeff() <= tolerance(N, sc.qmax, sc.gmax));
  CHECK((f.pull_sq - r.pull_sq).cwiseAbs().maxCoeff() <= tolerance(N, sc.qmax, sc.g2max));
  CHECK((f.lse - r.lse).cwiseAbs().maxCoeff() <= tolerance(N, sc.qmax, 1.0) + 4 * kU * r.lse.cwiseAbs().maxCoeff());
  // Each weight carries the exponent's rounding and that of lse.
  CHECK((f.weights - r.weights).cwiseAbs().maxCoeff() <= tolerance(N, sc.qmax, 1.0));
  CHECK((f.weights.rowwise().sum().array() - 1.0).abs().maxCoeff() <= 4 * kU * double(N));
}

// The specialized isotropic paths (mean of the points and lse only).
void compare_plain(const Particles& X, const Particles& Y, const Vector& b, double c,
                   KernelRequest::Symmetry sym = KernelRequest::Symmetry::None) {
  KernelRequest req;
  req.mean = req.lse = true;
  req.symmetry = sym;
  KernelResult f, r;
  const KernelSources S = KernelSources::isotropic(Y, c, b);
  kernel_sum(X, S, req, f);
  kernel_sum_reference(X, S, req, r);
  const double qmax = scales_of(X, S).qmax;
  CHECK((f.mean - r.mean).cwiseAbs().maxCoeff() <= tolerance(Y.rows(), qmax, Y.cwiseAbs().maxCoeff()));
  CHECK((f.lse - r.lse).cwiseAbs().maxCoeff() <= tolerance(Y.rows(), qmax, 1.0) + 4 * kU * r.lse.cwiseAbs().maxCoeff());
}

}  // namespace

TEST_CASE("kernel: isotropic mean and lse (general path) equal the scalar reference in every dimension") {
  for_each_simd_target([&] {
    for (int d : {1, 2, 3, 4, 5, 6, 7, 8, 10, 13}) {
      CAPTURE(d);
      // N not a multiple of the lane count or the block: exercises padding.
      const Particles X = normal_matrix(37, d, 1), Y = normal_matrix(1031, d, 2);
      const Vector b = normal_matrix(1031, 1, 3).col(0);
      compare_plain(X, Y, b, 0.7);
      compare_plain(X, Y, Vector(), 0.7);
    }
  });
}

TEST_CASE("kernel: symmetric path (queries are the sources) equals the scalar reference") {
  for_each_simd_target([&] {
    // N = 700 spans three 256-row tiles (diagonal, off-diagonal and a partial
    // last block). The symmetric path factors w_ij = K_ij beta_j with
    // beta_j = exp(b_j - max b): one more rounding per term, inside the bound.
    const auto self = KernelRequest::Symmetry::QueriesAreSources;
    for (int d : {1, 2, 3, 4, 5, 6, 7, 8, 10, 13}) {
      CAPTURE(d);
      const Particles X = normal_matrix(700, d, 21);
      const Vector b = normal_matrix(700, 1, 22, 3.0).col(0);
      compare_plain(X, X, b, 0.9, self);
      compare_plain(X, X, Vector(), 0.9, self);
    }
    // A spread of b beyond the symmetric path's 300 falls back to the general
    // path; so does a non-finite b.
    const Particles X = normal_matrix(300, 2, 23);
    Vector b = normal_matrix(300, 1, 24, 200.0).col(0);
    compare_plain(X, X, b, 0.9, self);
    b[5] = -std::numeric_limits<double>::infinity();
    compare_plain(X, X, b, 0.9, self);
  });
}

TEST_CASE("kernel: the symmetric path is chosen by name, also for a copy of the sources") {
  const Particles X = normal_matrix(600, 2, 31);
  const Particles copy = X;
  const Vector b = normal_matrix(600, 1, 32).col(0);
  KernelRequest req;
  req.mean = req.lse = true;
  KernelResult by_name, general, on_copy;
  req.symmetry = KernelRequest::Symmetry::QueriesAreSources;
  kernel_sum(X, KernelSources::isotropic(X, 0.8, b), req, by_name);
  kernel_sum(copy, KernelSources::isotropic(X, 0.8, b), req, on_copy);
  req.symmetry = KernelRequest::Symmetry::None;
  kernel_sum(X, KernelSources::isotropic(X, 0.8, b), req, general);
  // The symmetric path rounds differently from the general one: a copy
  // requested by name takes the symmetric path too (same bits as the
  // original), while the same matrix without the name does not.
  CHECK(on_copy.mean == by_name.mean);
  CHECK(on_copy.lse == by_name.lse);
  CHECK(general.mean != by_name.mean);
  // Queries that are not the sources are a programming error.
  const Particles other = normal_matrix(600, 2, 33);
  req.symmetry = KernelRequest::Symmetry::QueriesAreSources;
  CHECK_THROWS_AS(kernel_sum(other, KernelSources::isotropic(X, 0.8, b), req, by_name), std::invalid_argument);
}

TEST_CASE("kernel: every output for sources with their own precision equals the scalar reference") {
  for_each_simd_target([&] {
    for (int d : {1, 2, 3, 4, 5, 6, 7}) {
      CAPTURE(d);
      const long N = 523;
      const Particles X = normal_matrix(29, d, 41), Z = normal_matrix(N, d, 42);
      const Vector b = normal_matrix(N, 1, 43).col(0);
      const auto G = random_precisions(N, d, 44);
      compare_all(X, KernelSources::with_precisions(Z, G, b), {});
      RowMatrix values = normal_matrix(N, 3, 45);
      compare_all(X, KernelSources::with_precisions(Z, G, b), {}, &values);
    }
  });
}

TEST_CASE("kernel: every output for isotropic sources equals the scalar reference") {
  for_each_simd_target([&] {
    for (int d : {1, 2, 5, 9}) {
      CAPTURE(d);
      const Particles X = normal_matrix(23, d, 51), Z = normal_matrix(777, d, 52);
      const Vector b = normal_matrix(777, 1, 53).col(0);
      compare_all(X, KernelSources::isotropic(Z, 0.6, b), {});
      RowMatrix values = normal_matrix(777, 2, 54);
      compare_all(X, KernelSources::isotropic(Z, 0.6, b), {}, &values);
    }
  });
}

TEST_CASE("kernel: pull is minus the gradient of lse") {
  // lse(x) = log sum_j exp(b_j - q_j(x - z_j)) has gradient -sum_j w_j Gamma_j (x - z_j).
  // Central differences with step h have error h^2 |lse'''| / 6 + u |lse| / h;
  // at h = 1e-5 both are ~1e-10 for these O(1) quantities.
  const int d = 3;
  const Particles Z = normal_matrix(200, d, 61);
  const auto G = random_precisions(200, d, 62);
  const Vector b = normal_matrix(200, 1, 63).col(0);
  const KernelSources S = KernelSources::with_precisions(Z, G, b);
  const Particles X = normal_matrix(5, d, 64);
  KernelRequest req;
  req.lse = req.pull = true;
  KernelResult r;
  kernel_sum(X, S, req, r);
  const double h = 1e-5;
  for (long i = 0; i < X.rows(); ++i)
    for (int k = 0; k < d; ++k) {
      Particles P = X.row(i), M = X.row(i);
      P(0, k) += h;
      M(0, k) -= h;
      KernelResult rp, rm;
      kernel_sum(P, S, req, rp);
      kernel_sum(M, S, req, rm);
      CHECK(std::fabs(-(rp.lse[0] - rm.lse[0]) / (2 * h) - r.pull(i, k)) <= 1e-8);
    }
}

TEST_CASE("kernel: stable in log space for extreme c and b") {
  for_each_simd_target([&] {
    const Particles X = normal_matrix(20, 2, 4, 50.0), Y = normal_matrix(700, 2, 5, 50.0);
    const Vector b = normal_matrix(700, 1, 6, 300.0).col(0);
    // Exponents far below -745 (std::exp underflows to 0) and far above 709
    // (overflow): only the log-space evaluation survives both.
    compare_plain(X, Y, b, 1e3);
    compare_plain(X, Y, b, 1e-3);
    KernelRequest req;
    req.mean = req.lse = req.pull = req.weights = true;
    KernelResult f;
    kernel_sum(X, KernelSources::isotropic(Y, 1e3, b), req, f);
    CHECK(f.mean.allFinite());
    CHECK(f.lse.allFinite());
    CHECK(f.pull.allFinite());
    CHECK(f.weights.allFinite());
  });
}

TEST_CASE("kernel: b = -inf gives exactly zero weight") {
  for_each_simd_target([&] {
    const Particles Y = normal_matrix(300, 3, 7);
    Vector b = Vector::Constant(300, -std::numeric_limits<double>::infinity());
    b[17] = 0.0;  // the only source with weight
    for (const bool rich : {false, true}) {
      KernelRequest req;
      req.mean = req.lse = true;
      req.weights = rich;
      KernelResult f;
      kernel_sum(normal_matrix(5, 3, 8), KernelSources::isotropic(Y, 0.5, b), req, f);
      for (long i = 0; i < 5; ++i) CHECK(f.mean.row(i) == Y.row(17));
    }
  });
}

TEST_CASE("kernel: a single dominant source and the self term") {
  for_each_simd_target([&] {
    // With c huge every query's nearest source takes all the weight.
    const Particles Y = normal_matrix(257, 2, 9);
    KernelRequest req;
    req.mean = true;
    req.symmetry = KernelRequest::Symmetry::QueriesAreSources;
    KernelResult f;
    kernel_sum(Y, KernelSources::isotropic(Y, 1e12), req, f);
    CHECK((f.mean - Y).cwiseAbs().maxCoeff() == 0.0);
  });
}

TEST_CASE("kernel: same bits for 1 and 2 threads on every path") {
  for_each_simd_target([&] {
    const Particles X = normal_matrix(999, 2, 10), Y = normal_matrix(1500, 2, 11);
    const Vector b = normal_matrix(1500, 1, 12).col(0);
    const auto G = random_precisions(1500, 2, 13);
    for (int path = 0; path < 3; ++path) {
      CAPTURE(path);
      const bool symmetric = path == 1, precision = path == 2;
      const Particles& Q = symmetric ? Y : X;
      KernelRequest req;
      req.mean = req.lse = true;
      req.pull = req.weights = precision;
      req.symmetry = symmetric ? KernelRequest::Symmetry::QueriesAreSources : KernelRequest::Symmetry::None;
      const KernelSources S = precision ? KernelSources::with_precisions(Y, G, b) : KernelSources::isotropic(Y, 1.3, b);
      KernelResult r1, r2;
      with_threads(1, [&] { kernel_sum(Q, S, req, r1); });
      with_threads(2, [&] { kernel_sum(Q, S, req, r2); });
      CHECK(r1.mean == r2.mean);
      CHECK(r1.lse == r2.lse);
      CHECK(r1.pull == r2.pull);
      CHECK(r1.weights == r2.weights);
    }
  });
}

TEST_CASE("kernel: shape mismatches are named") {
  KernelRequest req;
  req.mean = true;
  KernelResult f;
  const Particles X3 = normal_matrix(3, 2, 1), Y43 = normal_matrix(4, 3, 1), Y42 = normal_matrix(4, 2, 1);
  CHECK_THROWS_AS(kernel_sum(X3, KernelSources::isotropic(Y43, 1.0), req, f), DimensionMismatch);
  CHECK_THROWS_AS(kernel_sum(X3, KernelSources::isotropic(Y42, 1.0, Vector::Zero(5)), req, f), DimensionMismatch);
  RowMatrix values(3, 1);
  req.values = &values;
  CHECK_THROWS_AS(kernel_sum(X3, KernelSources::isotropic(Y42, 1.0), req, f), DimensionMismatch);
  CHECK_THROWS_AS(KernelSources::with_precisions(Y42, random_precisions(3, 2, 1)), DimensionMismatch);
  CHECK_THROWS_AS(KernelSources::with_precisions(Y42, random_precisions(4, 3, 1)), DimensionMismatch);
}
