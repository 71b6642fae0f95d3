#include "wprox/chain_diagnostics.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "wprox/errors.hpp"

namespace wprox {

namespace {

void require_shape(const RowMatrix& d, long min_draws) {
  WPROX_REQUIRE(d.rows() >= 2 && d.cols() >= min_draws, InputError,
                "chain diagnostics need at least 2 chains of " << min_draws << " draws, got " << d.rows() << " x "
                                                               << d.cols());
}

// The mean over chains of the lag-k autocovariance (divided by n, as the
// FFT estimate Stan and ArviZ use), computed for the lags the ESS sum asks.
class MeanAutocovariance {
 public:
  explicit MeanAutocovariance(const RowMatrix& c) : c_(c.colwise() - c.rowwise().mean()) {}
  double operator()(long k) const {
    const long n = c_.cols();
    double s = 0;
    for (long m = 0; m < c_.rows(); ++m)
      s += c_.row(m).segment(0, n - k).dot(c_.row(m).segment(k, n - k)) / double(n);
    return s / double(c_.rows());
  }

 private:
  RowMatrix c_;
};

// numpy.quantile's default (linear interpolation between order statistics).
double quantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double pos = p * double(v.size() - 1);
  const std::size_t lo = std::size_t(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

RowMatrix indicator_below(const RowMatrix& d, double q) {
  return (d.array() <= q).cast<double>().matrix();
}

}  // namespace

RowMatrix split_chains(const RowMatrix& draws) {
  require_shape(draws, 2);
  const long half = draws.cols() / 2, m = draws.rows();
  RowMatrix out(2 * m, half);
  out.topRows(m) = draws.leftCols(half);
  out.bottomRows(m) = draws.rightCols(half);
  return out;
}

RowMatrix rank_normalize(const RowMatrix& draws) {
  const long total = draws.size();
  std::vector<long> order(std::size_t(total), 0);
  std::iota(order.begin(), order.end(), 0L);
  const double* x = draws.data();
  std::stable_sort(order.begin(), order.end(), [&](long a, long b) { return x[a] < x[b]; });
  RowMatrix z(draws.rows(), draws.cols());
  double* out = z.data();
  for (long i = 0; i < total;) {
    long j = i;
    while (j + 1 < total && x[order[std::size_t(j + 1)]] == x[order[std::size_t(i)]]) ++j;
    const double rank = 0.5 * double(i + j) + 1.0;  // ties share the average of ranks i+1..j+1
    const double p = (rank - 0.375) / (double(total) + 0.25);
    const double value = std::sqrt(2.0) * boost::math::erf_inv(2.0 * p - 1.0);
    for (long k = i; k <= j; ++k) out[order[std::size_t(k)]] = value;
    i = j + 1;
  }
  return z;
}

double basic_rhat(const RowMatrix& chains) {
  require_shape(chains, 2);
  const double n = double(chains.cols());
  const Vector means = chains.rowwise().mean();
  const RowMatrix centred = chains.colwise() - means;
  const double w = centred.rowwise().squaredNorm().mean() / (n - 1);  // mean within-chain variance
  const double b_over_n = (means.array() - means.mean()).square().sum() / double(chains.rows() - 1);
  const double var_plus = (n - 1) / n * w + b_over_n;
  return std::sqrt(var_plus / w);
}

double effective_sample_size(const RowMatrix& chains) {
  require_shape(chains, 4);
  const long n = chains.cols();
  const double m = double(chains.rows()), nd = double(n);
  const MeanAutocovariance acov(chains);
  const Vector means = chains.rowwise().mean();
  const double mean_var = acov(0) * nd / (nd - 1);
  const double var_plus = mean_var * (nd - 1) / nd + (means.array() - means.mean()).square().sum() / (m - 1);
  // Autocorrelations rho_t, summed in pairs while a pair stays positive.
  std::vector<double> rho(std::size_t(n), 0.0);
  rho[0] = 1;
  double even = 1, odd = 1 - (mean_var - acov(1)) / var_plus;
  rho[1] = odd;
  long t = 1;
  while (t < n - 3 && even + odd > 0) {
    even = 1 - (mean_var - acov(t + 1)) / var_plus;
    odd = 1 - (mean_var - acov(t + 2)) / var_plus;
    if (even + odd >= 0) {
      rho[std::size_t(t + 1)] = even;
      rho[std::size_t(t + 2)] = odd;
    }
    t += 2;
  }
  const long max_t = t - 2;
  if (even > 0) rho[std::size_t(max_t + 1)] = even;
  // Geyer's initial monotone sequence: the pair sums may not increase.
  for (long s = 1; s <= max_t - 2; s += 2) {
    const std::size_t u = std::size_t(s);
    if (rho[u + 1] + rho[u + 2] > rho[u - 1] + rho[u]) {
      rho[u + 1] = 0.5 * (rho[u - 1] + rho[u]);
      rho[u + 2] = rho[u + 1];
    }
  }
  double tau = -1;
  for (long s = 0; s <= max_t; ++s) tau += 2 * rho[std::size_t(s)];
  tau += rho[std::size_t(max_t + 1)];
  const double draws = m * nd;
  tau = std::max(tau, 1 / std::log10(draws));  // caps ESS for antithetic chains, as Stan does
  return draws / tau;
}

ChainSummary chain_summary(const RowMatrix& draws) {
  require_shape(draws, 8);  // split chains of 4 draws, what the ESS needs
  const RowMatrix split = split_chains(draws);
  ChainSummary s;
  const RowMatrix z = rank_normalize(split);
  std::vector<double> all(draws.data(), draws.data() + draws.size());
  const double median = quantile(all, 0.5);
  const RowMatrix folded = rank_normalize((split.array() - median).abs().matrix());
  s.rhat = std::max(basic_rhat(z), basic_rhat(folded));
  s.ess_bulk = effective_sample_size(z);
  s.ess_tail = std::min(effective_sample_size(split_chains(indicator_below(draws, quantile(all, 0.05)))),
                        effective_sample_size(split_chains(indicator_below(draws, quantile(all, 0.95)))));
  return s;
}

}  // namespace wprox
