// Gaussian averages of one axis' interpolant (tensor_train.hpp,
// "Gaussian averages of one axis"): barycentric cardinal functions and
// Gauss-Hermite rules applied to them.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <mutex>
#include <map>

#include "wprox/errors.hpp"
#include "wprox/tensor_train.hpp"

namespace wprox {

namespace {

// The q-point Gauss-Hermite rule for the standard normal weight
// (probabilists' Hermite polynomials, recurrence x He_k = He_{k+1} + k He_{k-1}):
// Golub-Welsch on the Jacobi matrix with off-diagonal sqrt(k); the weights
// are the squared first components of the eigenvectors (they sum to 1).
void hermite_rule(int q, std::vector<double>& xi, std::vector<double>& omega) {
  static std::mutex mutex;
  static std::map<int, std::pair<std::vector<double>, std::vector<double>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(q);
  if (it == cache.end()) {
    Vector diag = Vector::Zero(q), sub(std::max(q - 1, 0));
    for (int k = 1; k < q; ++k) sub[k - 1] = std::sqrt(double(k));
    Eigen::SelfAdjointEigenSolver<Matrix> es;
    es.computeFromTridiagonal(diag, sub, Eigen::ComputeEigenvectors);
    std::vector<double> x(static_cast<std::size_t>(q)), w(static_cast<std::size_t>(q));
    for (int j = 0; j < q; ++j) {
      x[std::size_t(j)] = es.eigenvalues()[j];
      w[std::size_t(j)] = es.eigenvectors()(0, j) * es.eigenvectors()(0, j);
    }
    // Symmetrize (the rule is symmetric in exact arithmetic) so that odd
    // moments vanish to the last bit.
    for (int j = 0; j < q / 2; ++j) {
      const std::size_t a = std::size_t(j), b = std::size_t(q - 1 - j);
      const double xs = 0.5 * (x[b] - x[a]), ws = 0.5 * (w[a] + w[b]);
      x[a] = -xs;
      x[b] = xs;
      w[a] = w[b] = ws;
    }
    if (q % 2 == 1) x[std::size_t(q / 2)] = 0.0;
    double sum = 0;
    for (double v : w) sum += v;
    for (double& v : w) v /= sum;
    it = cache.emplace(q, std::make_pair(std::move(x), std::move(w))).first;
  }
  xi = it->second.first;
  omega = it->second.second;
}

}  // namespace

TTAxisInterpolant::TTAxisInterpolant(const TTAxis& axis) : nodes_(axis.nodes), lo_(axis.lo), hi_(axis.hi) {
  tt_check_axis(axis, "TTAxisInterpolant axis");
  WPROX_REQUIRE(axis.interpolation == TTInterpolation::Lagrange, InputError,
                "TTAxisInterpolant: the axis interpolates by cubic spline; Gaussian averages of the interpolant "
                "are implemented for Lagrange (polynomial) axes only");
  const int n = size();
  // Barycentric weights 1 / Π_{j != i} (x_i - x_j), formed from logarithms
  // so that no product over- or underflows for large n, and scaled so the
  // largest is 1 (the second barycentric form is invariant to that scale).
  const double c = 0.5 * (lo_ + hi_), h = 0.5 * (hi_ - lo_);
  std::vector<double> logw(static_cast<std::size_t>(n), 0.0);
  std::vector<int> sign(static_cast<std::size_t>(n), 1);
  for (int i = 0; i < n; ++i) {
    const double ti = (nodes_[std::size_t(i)] - c) / h;
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      const double diff = ti - (nodes_[std::size_t(j)] - c) / h;
      logw[std::size_t(i)] -= std::log(std::fabs(diff));
      if (diff < 0) sign[std::size_t(i)] = -sign[std::size_t(i)];
    }
  }
  const double top = *std::max_element(logw.begin(), logw.end());
  bary_.resize(std::size_t(n));
  for (int i = 0; i < n; ++i) bary_[std::size_t(i)] = sign[std::size_t(i)] * std::exp(logw[std::size_t(i)] - top);
  hermite_rule(std::min(n / 2 + 1, 64), xi_, omega_);
}

void TTAxisInterpolant::basis(double x, double* l) const {
  const int n = size();
  x = std::min(std::max(x, lo_), hi_);
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    const double dx = x - nodes_[std::size_t(i)];
    if (dx == 0.0) {
      std::fill(l, l + n, 0.0);
      l[i] = 1.0;
      return;
    }
    l[i] = bary_[std::size_t(i)] / dx;
    sum += l[i];
  }
  const double inv = 1.0 / sum;
  for (int i = 0; i < n; ++i) l[i] *= inv;
}

void TTAxisInterpolant::gaussian(double m, double s, double* v, double* dv) const {
  WPROX_REQUIRE(std::isfinite(m) && std::isfinite(s) && s > 0, InputError,
                "TTAxisInterpolant::gaussian: mean " << m << ", sd " << s << "; need finite values and sd > 0");
  const int n = size();
  std::fill(v, v + n, 0.0);
  if (dv) std::fill(dv, dv + n, 0.0);
  std::vector<double> l(static_cast<std::size_t>(n));
  for (std::size_t j = 0; j < xi_.size(); ++j) {
    basis(m + s * xi_[j], l.data());
    const double w = omega_[j], wd = omega_[j] * xi_[j] / s;
    for (int i = 0; i < n; ++i) v[i] += w * l[std::size_t(i)];
    if (dv)
      for (int i = 0; i < n; ++i) dv[i] += wd * l[std::size_t(i)];
  }
}

Matrix tt_gaussian_smoothing_matrix(const TTAxis& in, const TTAxis& out, double sd, double alpha, double shift) {
  tt_check_axis(out, "tt_gaussian_smoothing_matrix output axis");
  WPROX_REQUIRE(std::isfinite(sd) && sd > 0 && std::isfinite(alpha) && std::isfinite(shift), InputError,
                "tt_gaussian_smoothing_matrix: sd = " << sd << ", alpha = " << alpha << ", shift = " << shift
                                                      << "; need a finite sd > 0 and finite alpha, shift");
  const TTAxisInterpolant ip(in);
  Matrix K(out.size(), in.size());
  std::vector<double> row(static_cast<std::size_t>(in.size()));
  for (int j = 0; j < out.size(); ++j) {
    ip.gaussian(alpha * out.nodes[std::size_t(j)] + shift, sd, row.data());
    for (int i = 0; i < in.size(); ++i) K(j, i) = row[std::size_t(i)];
  }
  return K;
}

}  // namespace wprox
