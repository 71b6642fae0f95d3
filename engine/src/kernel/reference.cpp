// kernel_sum_reference(): the same outputs as kernel_sum() by plain scalar
// loops and std::exp, two passes per query (maximum, then sums).
#include <cmath>
#include <vector>

#include "kernel_paths.hpp"

namespace wprox {
namespace kernel_detail {
void check_request(const Particles& X, const KernelSources& S, const KernelRequest& r, const char* who);
void shape_outputs(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out);
}  // namespace kernel_detail

void kernel_sum_reference(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out) {
  using namespace kernel_detail;
  check_request(X, S, r, "kernel_sum_reference");
  shape_outputs(X, S, r, out);
  const long M = X.rows(), N = S.size();
  const int d = S.dim();
  const Particles& Z = S.points();
  const Vector& b = S.log_weights();
  const std::vector<double>& G = S.precisions();
  std::vector<double> e(N), g(std::size_t(N) * d), rr(d);
  for (long i = 0; i < M; ++i) {
    double m = kNegInf;
    for (long j = 0; j < N; ++j) {
      for (int k = 0; k < d; ++k) rr[k] = X(i, k) - Z(j, k);
      double q = 0.0;
      for (int a = 0; a < d; ++a) {
        double ga = 0.0;
        if (S.has_precisions())
          for (int k = 0; k < d; ++k) ga += G[(std::size_t(j) * d + a) * d + k] * rr[k];
        else
          ga = 2.0 * S.c() * rr[a];
        g[std::size_t(j) * d + a] = ga;
        q += rr[a] * ga;
      }
      e[j] = (b.size() ? b[j] : 0.0) - 0.5 * q;
      if (e[j] > m) m = e[j];
    }
    double s = 0.0;
    for (long j = 0; j < N; ++j) s += std::exp(e[j] - m);
    if (r.lse) out.lse[i] = m + std::log(s);
    if (r.mean) out.mean.row(i).setZero();
    if (r.pull) out.pull.row(i).setZero();
    if (r.pull_sq) out.pull_sq[i] = 0.0;
    for (long j = 0; j < N; ++j) {
      const double w = std::exp(e[j] - m) / s;
      if (r.mean) out.mean.row(i) += w * (r.values ? r.values->row(j) : Z.row(j));
      double gg = 0.0;
      for (int a = 0; a < d; ++a) {
        if (r.pull) out.pull(i, a) += w * g[std::size_t(j) * d + a];
        gg += g[std::size_t(j) * d + a] * g[std::size_t(j) * d + a];
      }
      if (r.pull_sq) out.pull_sq[i] += w * gg;
      if (r.weights) out.weights(i, j) = w;
    }
  }
}

}  // namespace wprox
