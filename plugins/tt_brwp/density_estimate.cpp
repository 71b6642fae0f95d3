#include "density_estimate.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <atomic>
#include <vector>
#include <cmath>
#include <sstream>

namespace wprox::tt_brwp {

CloudMoments cloud_moments(const Particles& X, long step) {
  CloudMoments m;
  m.mean = X.colwise().mean().transpose();
  m.centred = X.rowwise() - m.mean.transpose();
  m.cov = (m.centred.transpose() * m.centred) / double(X.rows());
  m.cov = 0.5 * (m.cov + m.cov.transpose());
  m.eigen.compute(m.cov);
  const Vector& c = m.eigen.eigenvalues();
  if (!(c.minCoeff() > 1e-14 * c.maxCoeff() && c.minCoeff() > 0)) {
    std::ostringstream os;
    os << "the particles' covariance is singular (eigenvalues " << c.minCoeff() << " .. " << c.maxCoeff()
       << "): the particles lie in a hyperplane and have no density";
    throw RunError(step, os.str());
  }
  return m;
}

GaussianEstimate estimate_gaussian(const Particles& X, double T, double beta, long step) {
  const long d = X.cols();
  const CloudMoments m = cloud_moments(X, step);
  GaussianEstimate e;
  e.mean = m.mean;
  e.cov = m.cov;
  const Eigen::SelfAdjointEigenSolver<Matrix>& ces = m.eigen;
  const Vector c = ces.eigenvalues();
  // The covariance update, eigenvalue by eigenvalue: s = c - (T/beta)^2 / c.
  const double tau2 = (T / beta) * (T / beta);
  Vector s(d);
  for (long i = 0; i < d; ++i) {
    s[i] = c[i] - tau2 / c[i];
    if (s[i] < kFloor * c[i]) {
      s[i] = kFloor * c[i];
      ++e.clipped;
    }
  }
  const Matrix& Uc = ces.eigenvectors();
  e.target = Uc * s.asDiagonal() * Uc.transpose();
  e.target = 0.5 * (e.target + e.target.transpose());
  e.precision = Uc * s.cwiseInverse().asDiagonal() * Uc.transpose();
  e.precision = 0.5 * (e.precision + e.precision.transpose());
  return e;
}

namespace {

// grad^2 V at x, row-major into H: the potential's own, else central
// differences of the gradient (step 1e-4 (1 + |x_k|): truncation ~1e-8 of
// V''' and rounding ~1e-12 of |grad V|). Returns the gradient evaluations used.
long hessian_at(const Potential& V, const double* x, Matrix& H) {
  const int d = V.dim();
  std::vector<double> Hr(static_cast<std::size_t>(d) * d);
  if (V.hessian(x, Hr.data())) {
    H = Eigen::Map<const RowMatrix>(Hr.data(), d, d);
    return 0;
  }
  std::vector<double> xp(x, x + d), gp(static_cast<std::size_t>(d)), gm(static_cast<std::size_t>(d));
  H.resize(d, d);
  for (int k = 0; k < d; ++k) {
    const double eps = 1e-4 * (1.0 + std::fabs(x[k]));
    xp[std::size_t(k)] = x[k] + eps;
    V.gradient(xp.data(), gp.data());
    xp[std::size_t(k)] = x[k] - eps;
    V.gradient(xp.data(), gm.data());
    xp[std::size_t(k)] = x[k];
    for (int i = 0; i < d; ++i) H(i, k) = (gp[std::size_t(i)] - gm[std::size_t(i)]) / (2 * eps);
  }
  return 2L * d;
}

}  // namespace

LocalCurvature local_curvature(const Potential& V, const Particles& X) {
  const long N = X.rows(), d = X.cols();
  LocalCurvature c;
  c.axes = RowMatrix::Zero(N, d * d);
  c.values = RowMatrix::Zero(N, d);
  std::atomic<long> evals{0};
  parallel_for(N, [&](long b, long end) {
    Matrix H;
    Eigen::SelfAdjointEigenSolver<Matrix> es;
    long my_evals = 0;
    for (long j = b; j < end; ++j) {
      my_evals += hessian_at(V, X.row(j).data(), H);
      Eigen::Map<Matrix> axes(c.axes.row(j).data(), d, d);
      axes.setIdentity();
      if (!H.allFinite()) continue;  // no curvature known: no shrinkage, no damping
      es.compute(0.5 * (H + H.transpose()));
      axes = es.eigenvectors();
      c.values.row(j) = es.eigenvalues().transpose();
    }
    evals += my_evals;
  }, 16);
  c.evaluations = evals.load();
  return c;
}

double bulk_curvature(const LocalCurvature& c) {
  const long N = c.values.rows();
  if (N == 0) return 0.0;
  std::vector<double> top(static_cast<std::size_t>(N));
  for (long j = 0; j < N; ++j) top[std::size_t(j)] = std::max(c.values.row(j).maxCoeff(), 0.0);
  const std::size_t q = std::size_t(std::floor(kBulkQuantile * double(N - 1)));
  std::nth_element(top.begin(), top.begin() + long(q), top.end());
  return top[q];
}

PointEstimate estimate_points(const Particles& X, const Particles& G, const LocalCurvature& H, double T, long step) {
  const long N = X.rows(), d = X.cols();
  PointEstimate e;
  e.centres = X;
  std::atomic<long> clipped{0};
  const double floor_l = std::sqrt(kFloor);
  parallel_for(N, [&](long b, long end) {
    long my_clipped = 0;
    Vector move(d);
    for (long j = b; j < end; ++j) {
      const Eigen::Map<const Matrix> axes(H.axes.row(j).data(), d, d);
      const Vector gu = axes.transpose() * G.row(j).transpose();
      move.setZero();
      for (long k = 0; k < d; ++k) {
        const double eta = H.values(j, k);
        if (!(eta > 0)) continue;
        // (1 - L) / eta with L = sqrt(1 - T^2 eta^2): T^2 eta / (1 + L), no cancellation.
        const double l2 = 1.0 - T * T * eta * eta;
        double f;
        if (l2 < kFloor) {
          f = (1.0 - floor_l) / eta;
          ++my_clipped;
        } else {
          f = T * T * eta / (1.0 + std::sqrt(l2));
        }
        move[k] = f * gu[k];
      }
      e.centres.row(j) -= (axes * move).transpose();
    }
    clipped += my_clipped;
  }, 64);
  if (!e.centres.allFinite()) throw RunError(step, "the shrunk particle centres are not finite");
  e.clipped = int(clipped.load());
  return e;
}

}  // namespace wprox::tt_brwp
