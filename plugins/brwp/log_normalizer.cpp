#include "log_normalizer.hpp"

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
  b.resize(Y.rows());
  const double half_beta = 0.5 * s.beta, inv2T = 1.0 / (2.0 * s.T);
  parallel_for(Y.rows(), [&](long begin, long end) {
    for (long j = begin; j < end; ++j)
      b[j] = half_beta * (V.value(Z.row(j).data()) + (Z.row(j) - Y.row(j)).squaredNorm() * inv2T);
  });
}

void monte_carlo(const Potential& V, const Particles& Y, const NormalizerSettings& s, long step, Vector& b) {
  const long d = Y.cols(), S = s.mc_samples;
  const double sigma = std::sqrt(2.0 * s.T / s.beta);
  b.resize(Y.rows());
  parallel_for(Y.rows(), [&](long begin, long end) {
    std::vector<double> z(static_cast<std::size_t>(d)), xi(static_cast<std::size_t>(d)), e(static_cast<std::size_t>(S));
    for (long j = begin; j < end; ++j) {
      RandomStream rs(s.seed, kMonteCarlo, std::uint64_t(j), std::uint64_t(step));
      double m = -std::numeric_limits<double>::infinity();
      for (long q = 0; q < S; ++q) {
        rs.normal(xi.data(), d);
        for (long k = 0; k < d; ++k) z[k] = Y(j, k) + sigma * xi[k];
        e[q] = -0.5 * s.beta * V.value(z.data());
        if (e[q] > m) m = e[q];
      }
      double sum = 0.0;
      for (long q = 0; q < S; ++q) sum += std::exp(e[q] - m);
      b[j] = -(m + std::log(sum / double(S)));
    }
  });
}

}  // namespace

void neg_log_normalizer(const Potential& V, const Particles& Y, const NormalizerSettings& s, long step, Vector& b,
                        PotentialProxStats* prox_stats) {
  if (s.method == ZMethod::Laplace)
    laplace(V, Y, s, step, b, prox_stats);
  else
    monte_carlo(V, Y, s, step, b);
}

}  // namespace wprox::brwp
