#include "log_normalizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace wprox::brwp {
namespace {

constexpr std::uint64_t kMonteCarlo = stream_purpose("brwp.z_monte_carlo");

void laplace(const Potential& V, const Particles& Y, const NormalizerSettings& s, long step, Vector& b,
             PotentialProxStats* stats) {
  Particles Z;
  PotentialProx(V, s.prox).apply(Y, s.T, Z, step, stats);
  Vector vz;
  evaluate(V, Z, &vz, nullptr);
  b.resize(Y.rows());
  const double half_beta = 0.5 * s.beta, inv2T = 1.0 / (2.0 * s.T);
  parallel_for(Y.rows(), [&](long begin, long end) {
    for (long j = begin; j < end; ++j) b[j] = half_beta * (vz[j] + (Z.row(j) - Y.row(j)).squaredNorm() * inv2T);
  });
}

// The draws of a block of particles go to V in one batch; blocks keep the
// batch near kBatchPoints points whatever mc_samples is.
void monte_carlo(const Potential& V, const Particles& Y, const NormalizerSettings& s, long step, Vector& b,
                 long first) {
  constexpr long kBatchPoints = 1L << 16;
  const long n = Y.rows(), d = Y.cols(), S = s.mc_samples;
  const double sigma = std::sqrt(2.0 * s.T / s.beta);
  const long block = std::max(1L, kBatchPoints / S);
  b.resize(n);
  for (long j0 = 0; j0 < n; j0 += block) {
    const long rows = std::min(block, n - j0);
    Particles Zs(rows * S, d);
    parallel_for(rows, [&](long begin, long end) {
      std::vector<double> xi(static_cast<std::size_t>(d));
      for (long r = begin; r < end; ++r) {
        const long j = j0 + r;
        RandomStream rs(s.seed, kMonteCarlo, std::uint64_t(first + j), std::uint64_t(step));
        for (long q = 0; q < S; ++q) {
          rs.normal(xi.data(), d);
          for (long k = 0; k < d; ++k) Zs(r * S + q, k) = Y(j, k) + sigma * xi[k];
        }
      }
    });
    Vector v;
    evaluate(V, Zs, &v, nullptr);
    parallel_for(rows, [&](long begin, long end) {
      for (long r = begin; r < end; ++r) {
        double m = -std::numeric_limits<double>::infinity();
        for (long q = 0; q < S; ++q) m = std::max(m, -0.5 * s.beta * v[r * S + q]);
        double sum = 0.0;
        for (long q = 0; q < S; ++q) sum += std::exp(-0.5 * s.beta * v[r * S + q] - m);
        b[j0 + r] = -(m + std::log(sum / double(S)));
      }
    });
  }
}

}  // namespace

void neg_log_normalizer(const Potential& V, const Particles& Y, const NormalizerSettings& s, long step, Vector& b,
                        PotentialProxStats* prox_stats, long first) {
  if (s.method == ZMethod::Laplace)
    laplace(V, Y, s, step, b, prox_stats);
  else
    monte_carlo(V, Y, s, step, b, first);
}

}  // namespace wprox::brwp
