#include "density_estimate.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <sstream>

namespace wprox::tt_brwp {

namespace {

// A^(p) for symmetric positive semidefinite A (eigenvalues clipped at 0).
Matrix symmetric_power(const Eigen::SelfAdjointEigenSolver<Matrix>& es, double p) {
  const Vector ev = es.eigenvalues().cwiseMax(0.0);
  Vector f(ev.size());
  for (Eigen::Index i = 0; i < ev.size(); ++i) f[i] = ev[i] > 0 ? std::pow(ev[i], p) : 0.0;
  return es.eigenvectors() * f.asDiagonal() * es.eigenvectors().transpose();
}

Matrix es_inverse(const Matrix& S) {
  const Eigen::SelfAdjointEigenSolver<Matrix> es(S);
  return es.eigenvectors() * es.eigenvalues().cwiseInverse().asDiagonal() * es.eigenvectors().transpose();
}

}  // namespace

DensityEstimate estimate_density(const Particles& X, double T, double beta, double bandwidth, long step) {
  const long N = X.rows(), d = X.cols();
  DensityEstimate e;
  e.mean = X.colwise().mean().transpose();
  const RowMatrix Xc = X.rowwise() - e.mean.transpose();
  e.cov = (Xc.transpose() * Xc) / double(N);
  e.cov = 0.5 * (e.cov + e.cov.transpose());

  const Eigen::SelfAdjointEigenSolver<Matrix> ces(e.cov);
  const Vector c = ces.eigenvalues();
  if (!(c.minCoeff() > 1e-14 * c.maxCoeff() && c.minCoeff() > 0)) {
    std::ostringstream os;
    os << "the particles' covariance is singular (eigenvalues " << c.minCoeff() << " .. " << c.maxCoeff()
       << "): the particles lie in a hyperplane and have no density";
    throw RunError(step, os.str());
  }
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
  e.target = ces.eigenvectors() * s.asDiagonal() * ces.eigenvectors().transpose();
  e.target = 0.5 * (e.target + e.target.transpose());

  if (bandwidth >= 1.0) {
    e.gaussian = true;
    e.precision = es_inverse(e.target);
    return e;
  }
  // Axis-aligned kernels inside S: H = a l diag(S) with l = lambda_min of
  // the correlation matrix D^-1/2 S D^-1/2, so S - H >= (1 - a) l D >= 0.
  const Vector D = e.target.diagonal();
  const Vector isd = D.cwiseSqrt().cwiseInverse();
  const Matrix R = isd.asDiagonal() * e.target * isd.asDiagonal();
  const double l = Eigen::SelfAdjointEigenSolver<Matrix>(R, Eigen::EigenvaluesOnly).eigenvalues().minCoeff();
  e.kernel_var = bandwidth * std::max(l, 0.0) * D;

  // Centres c_j = mu + L (x_j - mu), L = (S - H)^1/2 C^-1/2: their
  // covariance is L C L^T = S - H, so the mixture's is S.
  const Matrix SH = e.target - Matrix(e.kernel_var.asDiagonal());
  const Matrix L = symmetric_power(Eigen::SelfAdjointEigenSolver<Matrix>(0.5 * (SH + SH.transpose())), 0.5) *
                   symmetric_power(ces, -0.5);
  e.centres = (Xc * L.transpose()).rowwise() + e.mean.transpose();
  return e;
}

void log_density(const DensityEstimate& e, const RowMatrix& Y, Vector& out) {
  const long M = Y.rows(), d = Y.cols();
  out.resize(M);
  if (e.gaussian) {
    parallel_for(M, [&](long b, long end) {
      Vector z(d);
      for (long m = b; m < end; ++m) {
        z = Y.row(m).transpose() - e.mean;
        out[m] = -0.5 * z.dot(e.precision * z);
      }
    }, 256);
    return;
  }
  const long N = e.centres.rows();
  const Vector inv2h = (0.5 * e.kernel_var.cwiseInverse());
  parallel_for(M, [&](long b, long end) {
    Vector t(N);
    for (long m = b; m < end; ++m) {
      for (long j = 0; j < N; ++j) {
        double s = 0.0;
        for (long k = 0; k < d; ++k) {
          const double z = Y(m, k) - e.centres(j, k);
          s += inv2h[k] * z * z;
        }
        t[j] = -s;
      }
      const double top = t.maxCoeff();
      out[m] = top + std::log((t.array() - top).exp().sum());
    }
  }, 16);
}

}  // namespace wprox::tt_brwp
