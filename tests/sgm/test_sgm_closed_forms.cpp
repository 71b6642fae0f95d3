// The closed forms of the kernel model against finite differences: the
// heat-flow score of a Gaussian mixture (and of the empirical measure)
// against d/dx log eta, the score-matching ingredients grad log pi and
// Delta pi / pi, and the hand-derived gradients of the loss with respect to
// the factors L and to the network parameters (the network's own gradients
// are tested with the engine, tests/nn).
//
// Tolerances: central differences have truncation error h^2 |f'''| / 6 and
// round-off eps_mach |f| / h. With length scales >= 0.2 (precisions <= ~25)
// and h = 1e-5 the truncation is ~1e-9 relative and the round-off ~1e-11:
// 1e-6 relative leaves a wide margin while still catching any wrong term
// (a missing term is an O(1) relative error). Second differences (for the
// Laplacian) use h = 1e-4: truncation h^2/12 |f''''| ~ 1e-7, round-off
// eps/h^2 ~ 1e-8; tolerance 1e-5.
#include <algorithm>

#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "score.hpp"
#include "sgm_helpers.hpp"
#include "training.hpp"

using namespace wprox;
using namespace wprox::sgm;
using sgm_test::random_model;

namespace {

constexpr double kLog2Pi = 1.83787706640934548356;

// log of (1/N) sum_i N(x; Z_i, Sigma_i + s I), computed from covariances (not
// precisions): independent of the code under test.
double log_mixture(const Particles& Z, const std::vector<Matrix>& cov, double s, const Vector& x) {
  const long N = Z.rows();
  const int d = int(Z.cols());
  Vector terms(N);
  for (long i = 0; i < N; ++i) {
    const Matrix C = cov[i] + s * Matrix::Identity(d, d);
    Eigen::LLT<Matrix> llt(C);
    const Vector r = x - Z.row(i).transpose();
    const double logdet = 2 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
    terms[i] = -0.5 * r.dot(llt.solve(r)) - 0.5 * logdet - 0.5 * d * kLog2Pi;
  }
  const double top = terms.maxCoeff();
  return top + std::log((terms.array() - top).exp().sum()) - std::log(double(N));
}

Vector fd_gradient(const std::function<double(const Vector&)>& f, const Vector& x, double h) {
  Vector g(x.size());
  for (long k = 0; k < x.size(); ++k) {
    Vector p = x, m = x;
    p[k] += h;
    m[k] -= h;
    g[k] = (f(p) - f(m)) / (2 * h);
  }
  return g;
}

double rel_err(const Vector& a, const Vector& b) { return (a - b).norm() / std::max(1.0, b.norm()); }

}  // namespace

TEST_CASE("heat-flow score of a Gaussian mixture matches finite differences of log eta") {
  const int d = 3;
  const auto m = random_model(6, d, 11, 0.3);
  std::vector<Matrix> cov;
  for (const auto& G : m.precision) cov.push_back(G.inverse());
  const double beta = 0.7;
  MixtureScore score(m, beta);
  Particles Y(4, d);
  Y << 0.1, -0.2, 0.3, 0.9, 0.5, -0.7, -1.2, 0.4, 0.0, 0.3, 0.3, 0.3;
  for (double tau : {1e-3, 0.05, 0.5, 2.0}) {
    Particles out;
    score.eval(Y, tau, out);  // beta^2 tau grad log eta
    const double s = beta * beta * tau;
    for (long k = 0; k < Y.rows(); ++k) {
      const Vector x = Y.row(k).transpose();
      const Vector fd = fd_gradient([&](const Vector& z) { return log_mixture(m.centres, cov, s, z); }, x, 1e-5);
      CAPTURE(tau);
      CHECK(rel_err(out.row(k).transpose() / s, fd) < 1e-6);
    }
  }
}

TEST_CASE("empirical score (softmax kernel sum) matches finite differences of log eta") {
  const int d = 2;
  Particles Z(5, d);
  Z << 0, 0, 1, 0.5, -0.5, 1, 0.3, -0.8, 2, 2;
  std::vector<Matrix> zero(5, Matrix::Zero(d, d));
  const double beta = 1.3;
  EmpiricalScore score(Z, beta);
  Particles Y(3, d);
  Y << 0.2, 0.1, 1.5, 1.5, -1, -1;
  for (double tau : {0.01, 0.3, 1.0}) {
    Particles out;
    score.eval(Y, tau, out);
    const double s = beta * beta * tau;
    for (long k = 0; k < Y.rows(); ++k) {
      const Vector fd =
          fd_gradient([&](const Vector& z) { return log_mixture(Z, zero, s, z); }, Y.row(k).transpose(), 1e-5);
      CHECK(rel_err(out.row(k).transpose() / s, fd) < 1e-6);
    }
  }
}

TEST_CASE("heat flow of the mixture keeps it a mixture with Gamma_tau = (Gamma^-1 + beta^2 tau I)^-1") {
  const auto m = random_model(4, 2, 3, 0.5);
  const auto flowed = heat_flow(m, 2.0, 0.25);
  for (long i = 0; i < m.size(); ++i) {
    const Matrix expected = (m.precision[i].inverse() + Matrix::Identity(2, 2)).inverse();
    CHECK((flowed.precision[i] - expected).norm() < 1e-12 * expected.norm());
  }
  CHECK((MixtureScore(m, 2.0).at(0.25).precision[1] - flowed.precision[1]).norm() < 1e-12);
}

TEST_CASE("score-matching closed forms: grad log pi and Delta pi / pi against finite differences") {
  const int d = 3;
  const auto m = random_model(5, d, 21, 0.4);
  std::vector<Matrix> cov;
  for (const auto& G : m.precision) cov.push_back(G.inverse());
  for (const Vector& x : {Vector(Vector::Zero(d)), Vector(Vector::LinSpaced(d, -0.5, 0.7))}) {
    const PointEval e = evaluate_point(m, x.data());
    CHECK(e.log_density == doctest::Approx(log_mixture(m.centres, cov, 0.0, x)).epsilon(1e-12));
    const auto logpi = [&](const Vector& z) { return evaluate_point(m, z.data()).log_density; };
    CHECK(rel_err(e.grad_log, fd_gradient(logpi, x, 1e-5)) < 1e-6);
    // Delta pi / pi by second differences of pi itself.
    const double h = 1e-4, pi0 = std::exp(e.log_density);
    double lap = 0;
    for (int k = 0; k < d; ++k) {
      Vector p = x, q = x;
      p[k] += h;
      q[k] -= h;
      lap += (std::exp(logpi(p)) - 2 * pi0 + std::exp(logpi(q))) / (h * h);
    }
    double scale = 0;
    for (const auto& G : m.precision) scale = std::max(scale, G.trace());
    CHECK(std::abs(e.laplacian_ratio - lap / pi0) < 1e-5 * scale);
  }
}

TEST_CASE("loss gradient with respect to the factors L matches finite differences") {
  const int d = 2;
  RowMatrix L;
  const auto m = random_model(7, d, 5, 0.2, &L);
  Particles X(6, d);
  RandomStream rs(9, 0);
  for (long i = 0; i < X.size(); ++i) X.data()[i] = 2.4 * rs.uniform() - 1.2;
  RowMatrix dL;
  const double loss = score_matching_loss(m, X, L, &dL);
  CHECK(std::isfinite(loss));
  const double h = 1e-6;
  for (long i = 0; i < L.rows(); ++i)
    for (long k = 0; k < L.cols(); ++k) {
      RowMatrix p = L, q = L;
      p(i, k) += h;
      q(i, k) -= h;
      const double fd = (score_matching_loss(make_model(m.centres, p, 0.2), X, p, nullptr) -
                         score_matching_loss(make_model(m.centres, q, 0.2), X, q, nullptr)) /
                        (2 * h);
      CHECK(dL(i, k) == doctest::Approx(fd).epsilon(1e-6).scale(std::abs(loss)));
    }
  // The loss itself, from the point closed forms: mean of 2 lap - |grad|^2.
  double direct = 0;
  for (long b = 0; b < X.rows(); ++b) {
    const PointEval e = evaluate_point(m, X.row(b).data());
    direct += (2 * e.laplacian_ratio - e.grad_log.squaredNorm()) / double(X.rows());
  }
  CHECK(loss == doctest::Approx(direct).epsilon(1e-12));
}

TEST_CASE("the loss's block partials of a split batch are the whole batch's, bit for bit") {
  // What sharing the loss points over ranks rests on: the rows of whole
  // blocks, evaluated alone, give exactly the per-point terms and the block
  // partials of the whole batch, and the gradient is formed from them.
  RowMatrix L;
  for (int d : {2, 3}) {
    const auto m = random_model(5, d, 9, 0.3, &L);
    const long B = 3 * kLossBlock + 5;  // the last block short
    Particles X(B, d);
    RandomStream rs(6, std::uint64_t(d));
    for (long i = 0; i < X.size(); ++i) X.data()[i] = 2.4 * rs.uniform() - 1.2;
    const LossPartials whole = score_matching_partials(m, X, true);
    REQUIRE(long(whole.blocks.size()) == loss_blocks(B) * m.size() * partial_width(d));
    const long cut = 2 * kLossBlock;  // blocks {0, 1} and {2, 3}
    const LossPartials a = score_matching_partials(m, X.topRows(cut), true);
    const LossPartials b = score_matching_partials(m, X.bottomRows(B - cut), true);
    std::vector<double> joined = a.blocks;
    joined.insert(joined.end(), b.blocks.begin(), b.blocks.end());
    CHECK(joined == whole.blocks);
    Vector terms(B);
    terms << a.terms, b.terms;
    CHECK(terms == whole.terms);
    RowMatrix dL, dL_joined;
    score_matching_loss(m, X, L, &dL);
    score_matching_gradient(m, L, joined.data(), B, dL_joined);
    CHECK(dL == dL_joined);
    // The blocks really are separate sums: block 3 alone is not block 2's
    // continuation (a single running sum would carry block 2 into it).
    const LossPartials last = score_matching_partials(m, X.bottomRows(5), true);
    CHECK(std::equal(last.blocks.begin(), last.blocks.end(), whole.blocks.end() - long(last.blocks.size())));
  }
}

TEST_CASE("training gradient (loss through the network) matches finite differences") {
  Particles data(40, 2);
  RandomStream rs(4, 0);
  for (long i = 0; i < data.size(); ++i) data.data()[i] = rs.normal();
  TrainSettings s;
  s.centres = 25;
  s.width = 6;
  s.depth = 2;
  KernelTrainer tr(data, s, 8);
  Vector g;
  const double loss = tr.loss(tr.loss_points(), &g);
  Vector& th = tr.network().parameters();
  const double h = 1e-6;
  for (long k = 0; k < th.size(); k += 3) {
    const double o = th[k];
    th[k] = o + h;
    const double fp = tr.loss(tr.loss_points());
    th[k] = o - h;
    const double fm = tr.loss(tr.loss_points());
    th[k] = o;
    CHECK(g[k] == doctest::Approx((fp - fm) / (2 * h)).epsilon(1e-6).scale(std::abs(loss)));
  }
}

TEST_CASE("direct samples of the mixture have the mixture's mean and covariance") {
  // 20000 samples: the mean of each coordinate has standard error
  // sqrt(var / n) <= 0.01 here; 5 standard errors.
  const auto m = random_model(3, 2, 31, 1.0);
  const long n = 20000;
  const Particles Y = sample_model(m, n, StreamKey{2, 0});
  Vector mean = Vector::Zero(2);
  Matrix cov = Matrix::Zero(2, 2);
  for (long i = 0; i < m.size(); ++i) mean += m.centres.row(i).transpose() / 3.0;
  for (long i = 0; i < m.size(); ++i) {
    const Vector z = m.centres.row(i).transpose() - mean;
    cov += (m.precision[i].inverse() + z * z.transpose()) / 3.0;
  }
  const Vector got = Y.colwise().mean().transpose();
  for (int k = 0; k < 2; ++k) CHECK(std::abs(got[k] - mean[k]) < 5 * std::sqrt(cov(k, k) / n));
}
