#pragma once
// Shared pieces of the tt-brwp tests: correlated precisions, initial
// clouds with prescribed exact moments (written as init files), and the
// particles' moments.
#include <Eigen/Cholesky>
#include <cstdio>
#include <string>

#include <wprox/io/npy.hpp>
#include <wprox/random.hpp>
#include <wprox/tensor_train.hpp>

#include "gaussian_closed_form.hpp"
#include "testing.hpp"

namespace tt_brwp_tests {

using wprox::Particles;
using wprox::RowMatrix;

// The chain precision 1.25 I + 0.35 (path adjacency): correlated, with
// eigenvalues 1.25 + 0.7 cos(pi j / (d + 1)) in [0.55, 1.95] (T a < 1 for
// T <= 0.5, so the fixed point exists).
inline Matrix chain(int d) {
  Matrix A = 1.25 * Matrix::Identity(d, d);
  for (int i = 0; i + 1 < d; ++i) A(i, i + 1) = A(i + 1, i) = 0.35;
  return A;
}

inline double rel(const Matrix& a, const Matrix& b) { return (a - b).norm() / b.norm(); }

// A = diag(linspace(lo, hi, d)) rotated by a fixed orthogonal matrix (the
// Q factor of a seeded Gaussian matrix): correlated, with known spectrum.
inline Matrix correlated_precision(int d, double lo, double hi, std::uint64_t seed = 5) {
  Matrix G(d, d);
  wprox::RandomStream rs(seed, wprox::stream_purpose("test.tt_brwp.rotation"));
  rs.normal(G.data(), G.size());
  const Matrix Q = Eigen::HouseholderQR<Matrix>(G).householderQ();
  Vector a(d);
  for (int i = 0; i < d; ++i) a[i] = d == 1 ? lo : lo + (hi - lo) * i / (d - 1.0);
  Matrix A = Q * a.asDiagonal() * Q.transpose();
  return 0.5 * (A + A.transpose());
}

// The matrix as the CLI reads it: rows separated by ';'.
inline std::string matrix_text(const Matrix& A) {
  std::string s;
  char buf[64];
  for (Eigen::Index i = 0; i < A.rows(); ++i) {
    if (i) s += ";";
    for (Eigen::Index j = 0; j < A.cols(); ++j) {
      std::snprintf(buf, sizeof buf, "%s%.17g", j ? "," : "", A(i, j));
      s += buf;
    }
  }
  return s;
}

// N standard normal draws made to have exactly mean `mean` and covariance
// `cov` (whitened, then coloured): the initial cloud of a rate test.
inline Particles exact_cloud(long N, const Vector& mean, const Matrix& cov, std::uint64_t seed) {
  const long d = mean.size();
  Particles Z(N, d);
  for (long i = 0; i < N; ++i) {
    wprox::RandomStream rs(seed, wprox::stream_purpose("test.tt_brwp.cloud"), std::uint64_t(i));
    rs.normal(Z.row(i).data(), d);
  }
  const RowMatrix Zc = Z.rowwise() - Z.colwise().mean();
  const Matrix C0 = Zc.transpose() * Zc / double(N);
  const Matrix W = Eigen::LLT<Matrix>(C0).matrixL().solve(Matrix::Identity(d, d));  // C0^-1/2 up to rotation
  const Matrix Lc = Eigen::LLT<Matrix>(cov).matrixL();
  Particles X = (Zc * W.transpose() * Lc.transpose()).rowwise() + mean.transpose();
  return X;
}

inline std::string write_cloud(const Particles& X, const std::string& name) {
  const std::string path = "/tmp/" + name + ".npy";
  wprox::write_npy(path, X.data(), {std::size_t(X.rows()), std::size_t(X.cols())});
  return path;
}

inline GaussianState moments(const Particles& X) {
  GaussianState g;
  g.mean = X.colwise().mean().transpose();
  const RowMatrix Xc = X.rowwise() - g.mean.transpose();
  g.cov = Xc.transpose() * Xc / double(X.rows());
  return g;
}

inline Particles particles_of(const wprox::testing::Outcome& o) {
  const wprox::Results r = o.results();
  const wprox::Array& a = wprox::testing::find_array(r, "particles");
  return Eigen::Map<const RowMatrix>(a.data.data(), long(a.shape[0]), long(a.shape[1]));
}

}  // namespace tt_brwp_tests

namespace tt_brwp_tests {

// The mean and covariance of exp(-beta V) by tensor Gauss-Legendre
// quadrature on the box [lo, hi] with n nodes per axis (all n^d values of
// V, weights in log form so nothing overflows): the reference for targets
// of dimension <= 3, exact to the quadrature's accuracy and to the mass
// outside the box.
inline GaussianState quadrature_moments(const std::string& problem, const wprox::testing::Settings& pp,
                                        const Vector& lo, const Vector& hi, int n, double beta = 1.0) {
  using namespace wprox;
  Registry& reg = testing::registry();
  const ProblemInfo& p = reg.problem(problem);
  RunContext ctx{1, 0};
  auto prob = p.create(p.schema.resolve(pp, problem, "problem."), ctx);
  const auto& target = dynamic_cast<const TargetProblem&>(*prob);
  const int d = target.dim();
  std::vector<TTAxis> axes;
  for (int k = 0; k < d; ++k) axes.push_back(tt_axis_gauss_legendre(lo[k], hi[k], n));
  long M = 1;
  for (int k = 0; k < d; ++k) M *= n;
  RowMatrix P(M, d);
  Vector logw(M);
  for (long m = 0; m < M; ++m) {
    long rest = m;
    logw[m] = 0;
    for (int k = d - 1; k >= 0; --k) {
      const long i = rest % n;
      rest /= n;
      P(m, k) = axes[std::size_t(k)].nodes[std::size_t(i)];
      logw[m] += std::log(axes[std::size_t(k)].weights[std::size_t(i)]);
    }
  }
  Vector v;
  evaluate(target.potential(), P, &v, nullptr);
  const Vector lp = logw - beta * v;
  const double top = lp.maxCoeff();
  const Vector w = (lp.array() - top).exp().matrix();
  const double Z = w.sum();
  GaussianState g;
  g.mean = (P.transpose() * w) / Z;
  const RowMatrix Pc = P.rowwise() - g.mean.transpose();
  g.cov = Pc.transpose() * w.asDiagonal() * Pc / Z;
  return g;
}

}  // namespace tt_brwp_tests
