#include "target_model.hpp"

#include "density_estimate.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <sstream>

namespace wprox::tt_brwp {

RowMatrix TargetModel::to_frame(const RowMatrix& X) const {
  return (X.rowwise() - centre.transpose()) * frame;
}

RowMatrix TargetModel::from_frame(const RowMatrix& Uc) const {
  return (Uc * frame.transpose()).rowwise() + centre.transpose();
}

TargetModel fit_model(const Particles& X, const Particles& G, long step) {
  const long N = X.rows(), d = X.cols();
  const CloudMoments cm = cloud_moments(X, step);
  const Vector& mu = cm.mean;
  const Vector gbar = G.colwise().mean().transpose();
  const RowMatrix& Xc = cm.centred;
  const RowMatrix Gc = G.rowwise() - gbar.transpose();
  const Matrix& C = cm.cov;
  const Eigen::SelfAdjointEigenSolver<Matrix>& ces = cm.eigen;
  const Vector c = ces.eigenvalues();
  const Matrix Cinv = ces.eigenvectors() * c.cwiseInverse().asDiagonal() * ces.eigenvectors().transpose();
  const Matrix cov_gx = Gc.transpose() * Xc / double(N);  // Cov(grad V, x)
  Matrix H = cov_gx * Cinv;
  H = 0.5 * (H + H.transpose());
  const Eigen::SelfAdjointEigenSolver<Matrix> hes(H);
  TargetModel m;
  m.frame = hes.eigenvectors();
  m.eta = hes.eigenvalues().cwiseMax(0.0);
  m.curvature = m.eta;
  // m = mu - H^+ gbar in the frame, directions with eta below 1e-6 of the
  // largest left at mu, each coordinate within 5 sd of the cloud.
  const Vector gu = m.frame.transpose() * gbar;
  const Vector sd = (m.frame.transpose() * C * m.frame).diagonal().cwiseSqrt();
  const double top = m.eta.maxCoeff();
  Vector shift(d);
  for (long k = 0; k < d; ++k) {
    const double s = m.eta[k] > 1e-6 * top && m.eta[k] > 0 ? -gu[k] / m.eta[k] : 0.0;
    shift[k] = std::clamp(s, -5.0 * sd[k], 5.0 * sd[k]);
  }
  m.centre = mu + m.frame * shift;
  return m;
}

TargetModel flat_model(const Particles& X, const Vector& potential) {
  const long d = X.cols();
  TargetModel m;
  m.frame = Matrix::Identity(d, d);
  m.eta = Vector::Zero(d);
  m.curvature = Vector::Zero(d);
  Eigen::Index best = 0;
  potential.minCoeff(&best);
  m.centre = X.row(best).transpose();
  return m;
}

TargetModel axis_aligned(const TargetModel& m, const Vector& lo, const Vector& hi) {
  const long d = m.dim();
  const Matrix H = m.frame * m.eta.asDiagonal() * m.frame.transpose();
  TargetModel a;
  a.frame = Matrix::Identity(d, d);
  a.eta = H.diagonal().cwiseMax(0.0);
  a.curvature = (m.frame * m.curvature.asDiagonal() * m.frame.transpose()).diagonal().cwiseMax(0.0);
  a.centre = m.centre.cwiseMax(lo).cwiseMin(hi);
  a.evaluations = m.evaluations;
  return a;
}

double default_T(double h, double lambda) { return lambda > 0 ? std::min(h, kTLambdaMax / lambda) : h; }

}  // namespace wprox::tt_brwp
