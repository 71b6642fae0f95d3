// The characteristic sweeps (paths.hpp) with phi known: the time-discretization
// orders of both schemes, the discrete fixed points of the quadratic ansatz
// (mfc_reference.hpp) reproduced bit for bit by the library's sweep, the
// flow score against the exact score, the second-order jet against analytic
// derivatives, the kernel score's bias, and thread-count independence.
//
// Why plug in phi: with the exact phi (or the exact discrete fixed point)
// there is no network error, so what is measured is the time stepping alone.
#include <cmath>

#include <wprox/kernel.hpp>
#include <wprox/parallel.hpp>

#include "gaussian_mfc.hpp"
#include "mfc_reference.hpp"
#include "paths.hpp"
#include "testing.hpp"

using namespace wprox;
using namespace wprox::mfc;
using mfc_test::slope;

namespace {

GaussianMfcParams lq(int dim) {
  GaussianMfcParams p;  // a = 1, b = 0.5, nu = 1, s0 = 0.7, T = 1
  p.dim = dim;
  return p;
}

// RMS over particles of y_0 - phi(0, x_0).
double start_error(const GaussianMfc& P, const Paths& paths) {
  const long N = paths.particles();
  double ss = 0;
  for (long i = 0; i < N; ++i) {
    const double e = paths.y[i] - P.phi(0.0, paths.x[0].row(i).data());
    ss += e * e;
  }
  return std::sqrt(ss / double(N));
}

// phi_k(x) = P_k |x|^2 / 2 + Q_k on the grid t_k = k dt.
class GridQuadratic : public ValueModel {
 public:
  GridQuadratic(std::vector<double> P, std::vector<double> Q, double dt, int d)
      : P_(std::move(P)), Q_(std::move(Q)), dt_(dt), d_(d) {}
  int dim() const override { return d_; }
  void eval(const Matrix& pts, ValueJet& out) const override {
    const long B = pts.cols();
    out.u.resize(B), out.grad.resize(d_, B), out.lap.resize(B);
    for (long b = 0; b < B; ++b) {
      const long k = std::lround(pts(0, b) / dt_);
      const auto x = pts.col(b).tail(d_);
      out.u[b] = 0.5 * P_[k] * x.squaredNorm() + Q_[k];
      out.grad.col(b) = P_[k] * x;
      out.lap[b] = d_ * P_[k];
    }
  }

 private:
  std::vector<double> P_, Q_;
  double dt_;
  int d_;
};

// phi = exp(a . x + c t) + x1^2 x2 / 2 in 2-D, with every derivative by hand.
class Analytic : public MfcSolution {
 public:
  double e(double t, const double* x) const { return std::exp(0.3 * x[0] - 0.2 * x[1] + 0.1 * t); }
  double phi(double t, const double* x) const override { return e(t, x) + 0.5 * x[0] * x[0] * x[1]; }
  void grad_phi(double t, const double* x, double* g) const override {
    g[0] = 0.3 * e(t, x) + x[0] * x[1];
    g[1] = -0.2 * e(t, x) + 0.5 * x[0] * x[0];
  }
  double laplacian_phi(double t, const double* x) const override { return 0.13 * e(t, x) + x[1]; }
  Particles sample(double, long, StreamKey, std::uint64_t) const override { return {}; }
  double mean_laplacian_per_dim(double) const override { return 0; }
  double variance_per_dim(double) const override { return 0; }
};

}  // namespace

TEST_CASE("score characteristics with the exact phi: y and the flow score converge at first order") {
  const GaussianMfc P(lq(2));
  const Particles x0 = P.sample_initial(256, StreamKey{3, 0}, 0, true);
  std::vector<double> dts, ey, es;
  for (long M : {10, 20, 40, 80}) {
    ScorePathSettings s;
    s.steps = M;
    s.score = ScoreSource::flow;
    Paths paths;
    score_paths(P, SolutionValue(P, 2), x0, s, paths);
    dts.push_back(1.0 / M);
    ey.push_back(start_error(P, paths));
    const Particles& XT = paths.x.back();
    es.push_back(std::abs(XT.squaredNorm() / double(XT.size()) - P.profile().s(1.0)));
  }
  MESSAGE("score sweep, exact phi: RMS(y_0 - phi) = " << ey[0] << " " << ey[1] << " " << ey[2] << " " << ey[3]
                                                      << "  slope " << slope(dts, ey));
  MESSAGE("score sweep, flow score: |var x_T - s(T)| = " << es[0] << " " << es[1] << " " << es[2] << " " << es[3]
                                                         << "  slope " << slope(dts, es));
  // Explicit Euler: local error O(dt^2), global O(dt). The deterministic sweep
  // has no sampling noise, so the slope is 1 up to O(dt) corrections (a few %).
  CHECK(std::abs(slope(dts, ey) - 1) < 0.05);
  CHECK(std::abs(slope(dts, es) - 1) < 0.05);
}

TEST_CASE("BSDE characteristics with the exact phi: strong order 1/2 with the predicted constant") {
  const GaussianMfcParams m = lq(2);
  const GaussianMfc P(m);
  const long N = 4000;
  const Particles x0 = P.sample_initial(N, StreamKey{5, 0}, 0, true);
  // Leading error: sum_k nu p_k (|dW_k|^2 - d dt), RMS nu sqrt(2 d dt int_0^T p^2 dt).
  double int_p2 = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    const double t = (i + 0.5) / n;
    int_p2 += P.profile().p(t) * P.profile().p(t) / n;
  }
  std::vector<double> dts, ey;
  for (long M : {10, 20, 40, 80}) {
    Paths paths;
    bsde_paths(P, SolutionValue(P, 2), x0, M, KernelScoreSettings{}, 11, 1, paths);
    const double dt = 1.0 / M;
    dts.push_back(dt);
    ey.push_back(start_error(P, paths));
    const double predicted = m.nu * std::sqrt(2.0 * m.dim * dt * int_p2);
    MESSAGE("BSDE sweep M = " << M << ": RMS(Y_0 - phi) = " << ey.back() << ", predicted " << predicted);
    // The RMS over N paths has relative sampling error ~ 1/sqrt(2N) = 1.1%;
    // the next terms of the expansion are O(sqrt dt) relative (<= 30% at M = 10,
    // 11% at M = 80): 3 sigma + 0.35 sqrt(dt).
    CHECK(std::abs(ey.back() / predicted - 1) < 3 / std::sqrt(2.0 * N) + 0.35 * std::sqrt(dt));
  }
  MESSAGE("BSDE sweep slope " << slope(dts, ey));
  // Strong order 1/2, with the O(dt) terms steepening the coarse end a little.
  CHECK(std::abs(slope(dts, ey) - 0.5) < 0.06);
}

TEST_CASE("the library's sweep reproduces the discrete fixed point of the quadratic ansatz") {
  for (int d : {1, 3}) {
    const GaussianMfcParams m = lq(d);
    const GaussianMfc P(m);
    const long M = 16;
    const double dt = 1.0 / M;
    const auto fp = mfc_test::score_fixed_point(m, M);
    std::vector<double> Q(M + 1, 0.0);
    for (long k = M - 1; k >= 0; --k) Q[k] = Q[k + 1] + dt * m.nu * d * fp.P[k];
    const GridQuadratic phi(fp.P, Q, dt, d);
    const Particles x0 = P.sample_initial(64, StreamKey{2, 0}, 0, true);
    for (long horizon : {0L, 1L, 5L}) {
      ScorePathSettings s;
      s.steps = M;
      s.score = ScoreSource::flow;
      s.horizon = horizon;
      Paths paths;
      score_paths(P, phi, x0, s, paths);
      ValueJet J;
      phi.eval(paths.inputs, J);
      // At the fixed point the targets are phi itself, up to round-off.
      CAPTURE(d);
      CAPTURE(horizon);
      CHECK((paths.y - J.u).lpNorm<Eigen::Infinity>() < 1e-12 * (1 + J.u.lpNorm<Eigen::Infinity>()));
      const Particles& XT = paths.x.back();
      CHECK(std::abs(XT.squaredNorm() / double(XT.size()) - fp.variance_T) < 1e-12);
    }
  }
}

// Measured as max_k |P_k - p(t_k)|: at t = 0 alone the entropy problem's
// error terms nearly cancel (|P_0 - p(0)| ~ 1e-4, not a clean power of dt).
TEST_CASE("fixed points of both schemes carry a first-order bias in P (weak order 1)") {
  for (double c : {0.0, 1.0}) {
    GaussianMfcParams m = lq(2);
    if (c > 0) m.c = 1, m.s0 = 1;  // the entropy reference problem
    const GaussianProfile g(m);
    std::vector<double> dts, es, eb, ev;
    for (long M : {10, 20, 40, 80}) {
      dts.push_back(1.0 / M);
      const auto fs = mfc_test::score_fixed_point(m, M);
      const auto fb = mfc_test::bsde_fixed_point(m, M);
      double e_s = 0, e_b = 0;
      for (long k = 0; k <= M; ++k) {
        e_s = std::max(e_s, std::abs(fs.P[k] - g.p(double(k) / M)));
        e_b = std::max(e_b, std::abs(fb.P[k] - g.p(double(k) / M)));
      }
      es.push_back(e_s);
      eb.push_back(e_b);
      ev.push_back(std::abs(fs.variance_T - g.s(1)));
    }
    MESSAGE("quadratic-ansatz fixed points (c = " << c << "), max |P_k - p(t_k)|: score " << es[0] << " .. " << es[3]
                                                  << " slope " << slope(dts, es) << "; BSDE " << eb[0] << " .. "
                                                  << eb[3] << " slope " << slope(dts, eb));
    CAPTURE(c);
    // First order up to the O(dt^2) terms, which at dt = 0.1 are still ~10%.
    CHECK(std::abs(slope(dts, es) - 1) < 0.12);
    CHECK(std::abs(slope(dts, eb) - 1) < 0.12);
    CHECK(std::abs(slope(dts, ev) - 1) < 0.12);
  }
}

TEST_CASE("second-order jet matches the analytic derivatives of a non-quadratic phi") {
  const Analytic A;
  const SolutionValue phi(A, 2);
  Matrix pts(3, 3), S(2, 3);
  pts << 0.1, 0.5, 0.9, 0.3, -0.7, 1.1, -0.4, 0.2, 0.8;
  S << 0.5, -1.0, 0.2, 0.3, 0.7, -0.6;
  SecondOrderJet J;
  second_order_jet(phi, pts, S, 1e-3, true, J);
  for (long b = 0; b < 3; ++b) {
    const double x1 = pts(1, b), x2 = pts(2, b), e = A.e(pts(0, b), pts.col(b).data() + 1);
    const Eigen::Vector2d a(0.3, -0.2), s = S.col(b);
    Eigen::Matrix2d H = a * a.transpose() * e;
    H(0, 0) += x2, H(0, 1) += x1, H(1, 0) += x1;
    const Eigen::Vector2d grad_lap = 0.13 * a * e + Eigen::Vector2d(0, 1);
    Eigen::Matrix2d drive = (s.dot(a) + 0.13) * a * a.transpose() * e;
    drive(0, 0) += s[1], drive(0, 1) += s[0], drive(1, 0) += s[0];
    // Central differences, h = 1e-3: truncation h^2/6 |phi''''| ~ 1e-7, round-off
    // eps |phi| / h^2 ~ 1e-10.
    for (int i = 0; i < 2; ++i) {
      CHECK(std::abs(J.grad_lap(i, b) - grad_lap[i]) < 1e-6);
      for (int j = 0; j < 2; ++j) {
        CHECK(std::abs(J.hess(i * 2 + j, b) - H(i, j)) < 1e-6);
        CHECK(std::abs(J.drive(i * 2 + j, b) - drive(i, j)) < 1e-5);
      }
    }
    CHECK(J.base.u[b] == A.phi(pts(0, b), pts.col(b).data() + 1));
  }
  SecondOrderJet K;
  second_order_jet(phi, pts, S, 1e-3, false, K);
  CHECK(K.drive.size() == 0);
  CHECK(K.hess == J.hess);
}

TEST_CASE("kernel score of a Gaussian cloud: the smoothing and self-weight bias, and extrapolation") {
  // For rho = N(0, sigma^2 I), E rho_h = N(0, (sigma^2 + h^2) I); particle i's
  // own kernel (weight 1/S_i, S_i = exp(lse_i)) adds nothing to the pull, so
  // sum_i x_i . score_i ~ -sum_i (1 - 1/S_i) |x_i|^2 / (sigma^2 + h^2). The sum
  // is over N = 2000 points: relative sampling error ~ sqrt(2 / (N d)) = 2.2%.
  const int d = 2;
  const long N = 2000;
  GaussianMfcParams m = lq(d);
  m.s0 = 1.0;
  const GaussianMfc P(m);
  const Particles X = P.sample_initial(N, StreamKey{7, 0}, 0, true);
  KernelScoreSettings plain;
  plain.extrapolate = false;
  Particles score;
  const double h = kernel_score(X, plain, score, nullptr);
  CHECK(h == doctest::Approx(std::pow(4.0 / (4.0 * N), 1.0 / 6.0)).epsilon(1e-12));  // Silverman, sigma = 1
  KernelRequest req;
  req.lse = true;
  KernelResult r;
  kernel_sum(X, KernelSources::isotropic(X, 1 / (2 * h * h)), req, r);
  double got = 0, predicted = 0, extrap = 0;
  Particles sx;
  kernel_score(X, KernelScoreSettings{}, sx, nullptr);
  for (long i = 0; i < N; ++i) {
    got += X.row(i).dot(score.row(i));
    predicted -= (1 - std::exp(-r.lse[i])) * X.row(i).squaredNorm() / (1 + h * h);
    extrap += X.row(i).dot(sx.row(i));
  }
  CHECK(std::abs(got / predicted - 1) < 3 * std::sqrt(2.0 / (N * d)));
  // The exact score gives sum x . s = -sum |x|^2 = -N d; extrapolation removes
  // the h^2 part of the bias, so it lands closer.
  MESSAGE("kernel score: sum x.s / (N d) plain " << got / (N * d) << ", extrapolated " << extrap / (N * d));
  CHECK(std::abs(extrap / (N * d) + 1) < std::abs(got / (N * d) + 1));
}

TEST_CASE("sweeps give the same bits with 1 and 2 threads") {
  GaussianMfcParams m = lq(2);
  m.c = 0.5;  // entropy: the kernel's log density enters f
  const GaussianMfc P(m);
  const Particles x0 = P.sample_initial(300, StreamKey{4, 0}, 0, true);
  const Mlp net(3, 16, 2, 1, StreamKey{9, 0});
  const NetworkValue phi(net);
  auto sweep = [&](int threads, int kind) {
    Paths paths;
    with_threads(threads, [&] {
      ScorePathSettings s;
      s.steps = 7;
      s.score = kind == 1 ? ScoreSource::flow : ScoreSource::kernel;
      if (kind == 2)
        bsde_paths(P, phi, x0, 7, KernelScoreSettings{}, 3, 2, paths);
      else
        score_paths(P, phi, x0, s, paths);
    });
    return paths;
  };
  for (int kind : {0, 1, 2}) {
    const Paths a = sweep(1, kind), b = sweep(2, kind);
    CAPTURE(kind);
    CHECK(a.y == b.y);
    CHECK(a.inputs == b.inputs);
  }
}
