#include "gaussian_mfc.hpp"

#include <cmath>

#include <Eigen/Cholesky>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

namespace wprox::mfc {
namespace {

constexpr double kLog2Pi = 1.83787706640934548356;

Particles gaussian_sample(int d, double variance, long count, StreamKey key, std::uint64_t step) {
  Particles X(count, d);
  const double sd = std::sqrt(variance);
  parallel_for(count, [&](long b, long e) {
    for (long i = b; i < e; ++i) {
      RandomStream rs(key, std::uint64_t(i), step);
      for (int j = 0; j < d; ++j) X(i, j) = sd * rs.normal();
    }
  });
  return X;
}

}  // namespace

GaussianMfc::GaussianMfc(const GaussianMfcParams& params) : prm_(params), profile_(params) {}

Particles GaussianMfc::sample_initial(long count, StreamKey key, std::uint64_t step, bool balanced) const {
  const int d = prm_.dim;
  WPROX_REQUIRE(count >= 1, InputError, "mfc: particle count " << count << " must be >= 1");
  Particles X = gaussian_sample(d, prm_.s0, count, key, step);
  if (!balanced) return X;
  WPROX_REQUIRE(
      count > d, InputError,
      "mfc: a balanced sample needs more particles than dimensions (count = " << count << ", dim = " << d << ")");
  // Empirical mean and covariance (1/N: the moments of the empirical measure),
  // summed serially in row order: the same bits for any thread count.
  const Eigen::RowVectorXd mean = X.colwise().sum() / double(count);
  X.rowwise() -= mean;
  const Matrix C = (X.transpose() * X) / double(count);
  Eigen::LLT<Matrix> llt(C);
  WPROX_REQUIRE(llt.info() == Eigen::Success, InputError,
                "mfc: the initial sample is degenerate (count = " << count << ")");
  // x <- sqrt(s0) L^{-1} x gives covariance s0 I exactly.
  const Matrix Linv = llt.matrixL().solve(Matrix::Identity(d, d));
  X = (X * Linv.transpose() * std::sqrt(prm_.s0)).eval();
  return X;
}

double GaussianMfc::initial_log_density(const double* x, double* score, double* hessian) const {
  const int d = prm_.dim;
  double r2 = 0;
  for (int j = 0; j < d; ++j) r2 += x[j] * x[j];
  if (score)
    for (int j = 0; j < d; ++j) score[j] = -x[j] / prm_.s0;
  if (hessian)
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j) hessian[i * d + j] = i == j ? -1.0 / prm_.s0 : 0.0;
  return -0.5 * r2 / prm_.s0 - 0.5 * d * (kLog2Pi + std::log(prm_.s0));
}

double GaussianMfc::running_cost(double /*t*/, const double* x, double log_density) const {
  double r2 = 0;
  for (int j = 0; j < prm_.dim; ++j) r2 += x[j] * x[j];
  const double f = 0.5 * prm_.a * r2;
  return prm_.c != 0 ? f + prm_.c * (log_density + 1.0) : f;
}

double GaussianMfc::terminal_cost(const double* x) const {
  double r2 = 0;
  for (int j = 0; j < prm_.dim; ++j) r2 += x[j] * x[j];
  return 0.5 * prm_.b * r2;
}

double GaussianMfc::phi(double t, const double* x) const {
  double r2 = 0;
  for (int j = 0; j < prm_.dim; ++j) r2 += x[j] * x[j];
  return 0.5 * profile_.p(t) * r2 + profile_.q(t);
}

void GaussianMfc::grad_phi(double t, const double* x, double* g) const {
  const double p = profile_.p(t);
  for (int j = 0; j < prm_.dim; ++j) g[j] = p * x[j];
}

double GaussianMfc::laplacian_phi(double t, const double* /*x*/) const { return prm_.dim * profile_.p(t); }

Particles GaussianMfc::sample(double t, long count, StreamKey key, std::uint64_t step) const {
  return gaussian_sample(prm_.dim, profile_.s(t), count, key, step);
}

double GaussianMfc::log_density(double t, const double* x) const {
  const double s = profile_.s(t);
  double r2 = 0;
  for (int j = 0; j < prm_.dim; ++j) r2 += x[j] * x[j];
  return -0.5 * r2 / s - 0.5 * prm_.dim * (kLog2Pi + std::log(s));
}

}  // namespace wprox::mfc
