#include "wprox/sample_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/kernel.hpp"
#include "wprox/parallel.hpp"
#include "wprox/random.hpp"

namespace wprox {
namespace {

void require_same_dim(const Particles& X, const Particles& Y, const char* what) {
  WPROX_REQUIRE(X.cols() == Y.cols(), DimensionMismatch,
                what << ": the two samples have " << X.cols() << " and " << Y.cols() << " coordinates");
}

double squared_distance(const double* x, const double* y, long d) {
  double s = 0.0;
  for (long k = 0; k < d; ++k) {
    const double e = x[k] - y[k];
    s += e * e;
  }
  return s;
}

// mean over (i, j) of exp(-c |a_i - b_j|^2), from the kernel's log-sum-exp of
// each row (no underflow however narrow the kernel), combined in log space.
double kernel_mean(const Particles& A, const Particles& B, double c) {
  KernelRequest req;
  req.lse = true;
  KernelResult r;
  kernel_sum(A, KernelSources::isotropic(B, c), req, r);
  const double top = r.lse.maxCoeff();
  const double total = deterministic_sum(A.rows(), [&](long i) { return std::exp(r.lse[i] - top); });
  return std::exp(top + std::log(total) - std::log(double(A.rows())) - std::log(double(B.rows())));
}

}  // namespace

Vector sample_mean(const Particles& X) { return X.colwise().mean().transpose(); }

Matrix sample_covariance(const Particles& X) {
  const Vector m = sample_mean(X);
  const RowMatrix C = X.rowwise() - m.transpose();
  return (C.transpose() * C) / double(std::max<long>(1, X.rows() - 1));
}

double median(const Vector& v) {
  if (v.size() == 0) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> s(v.data(), v.data() + v.size());
  const std::size_t h = s.size() / 2;
  std::nth_element(s.begin(), s.begin() + h, s.end());
  const double upper = s[h];
  if (s.size() % 2 == 1) return upper;
  const double lower = *std::max_element(s.begin(), s.begin() + h);
  return 0.5 * (lower + upper);
}

double memorized_fraction(const NearestDistances& nn, double ratio) {
  const long m = nn.d1.size();
  if (m == 0) return std::numeric_limits<double>::quiet_NaN();
  long count = 0;
  for (long i = 0; i < m; ++i)
    if (nn.d1[i] < ratio * nn.d2[i]) ++count;
  return double(count) / double(m);
}

double median_pairwise_distance(const Particles& X, long max_points) {
  const long n = std::min<long>(X.rows(), max_points), d = X.cols();
  WPROX_REQUIRE(n >= 2, InputError, "median_pairwise_distance: need at least 2 points, got " << n);
  Vector dist(n * (n - 1) / 2);
  for (long i = 0, k = 0; i < n; ++i)
    for (long j = i + 1; j < n; ++j) dist[k++] = std::sqrt(squared_distance(X.row(i).data(), X.row(j).data(), d));
  return median(dist);
}

double gaussian_mmd(const Particles& X, const Particles& Y, double bandwidth) {
  require_same_dim(X, Y, "gaussian_mmd");
  WPROX_REQUIRE(bandwidth > 0, InputError, "gaussian_mmd: bandwidth " << bandwidth << " must be > 0");
  WPROX_REQUIRE(X.rows() > 0 && Y.rows() > 0, InputError, "gaussian_mmd: empty sample");
  const double c = 1.0 / (2.0 * bandwidth * bandwidth);
  const double mmd2 = kernel_mean(X, X, c) + kernel_mean(Y, Y, c) - 2.0 * kernel_mean(X, Y, c);
  return std::sqrt(std::max(mmd2, 0.0));  // round-off can make an exact 0 slightly negative
}

double wasserstein2_1d(const Vector& a, const Vector& b) {
  WPROX_REQUIRE(a.size() > 0 && b.size() > 0, InputError, "wasserstein2_1d: empty sample");
  std::vector<double> x(a.data(), a.data() + a.size()), y(b.data(), b.data() + b.size());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  // Walk the merged quantile levels: between consecutive breakpoints k/m and
  // l/n both quantile functions are constant.
  const double m = double(x.size()), n = double(y.size());
  std::size_t i = 0, j = 0;
  double level = 0.0, sum = 0.0;
  while (i < x.size() && j < y.size()) {
    const double next = std::min((i + 1) / m, (j + 1) / n);
    const double e = x[i] - y[j];
    sum += (next - level) * e * e;
    level = next;
    if ((i + 1) / m <= next) ++i;
    if ((j + 1) / n <= next) ++j;
  }
  return std::sqrt(sum);
}

double sliced_w2(const Particles& X, const Particles& Y, long projections, std::uint64_t seed) {
  require_same_dim(X, Y, "sliced_w2");
  WPROX_REQUIRE(projections > 0, InputError, "sliced_w2: projections " << projections << " must be > 0");
  const long d = X.cols();
  Vector w2sq(projections);
  parallel_for(projections, [&](long begin, long end) {
    for (long p = begin; p < end; ++p) {
      RandomStream rs(seed, stream_purpose("sliced_w2.direction"), std::uint64_t(p));
      Vector theta(d);
      rs.normal(theta.data(), d);
      theta /= theta.norm();
      const double w = wasserstein2_1d(X * theta, Y * theta);
      w2sq[p] = w * w;
    }
  });
  return std::sqrt(deterministic_sum(projections, [&](long p) { return w2sq[p]; }) / double(projections));
}

}  // namespace wprox
