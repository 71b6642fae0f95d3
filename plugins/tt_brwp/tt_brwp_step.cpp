#include "tt_brwp_step.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/sampling.hpp>

namespace wprox::tt_brwp {

namespace {

constexpr std::uint64_t kCrossSeed = stream_purpose("tt-brwp.cross_seed");
// Grids with at most this many points get the ratio from every grid value
// and TT-SVD (exact to the rounding tolerance); larger ones by cross.
constexpr double kFullGridPoints = double(1L << 21);

// The grid index of each row of P, whose coordinates are nodes of `axes`.
IndexMatrix node_indices(const std::vector<TTAxis>& axes, const RowMatrix& P) {
  IndexMatrix idx(P.rows(), P.cols());
  for (Eigen::Index k = 0; k < P.cols(); ++k) {
    const std::vector<double>& x = axes[std::size_t(k)].nodes;
    for (Eigen::Index m = 0; m < P.rows(); ++m) {
      auto it = std::lower_bound(x.begin(), x.end(), P(m, k));
      if (it == x.end() || (it != x.begin() && P(m, k) - *(it - 1) < *it - P(m, k))) --it;
      idx(m, k) = int(it - x.begin());
    }
  }
  return idx;
}

// Q = rho_hat / Z on the grid. The numerator is exact (log_density), so
// where Z's TT is at its noise level (far corners, where rho_hat is
// negligible) the quotient stays negligible; `floor` keeps Z positive there.
TensorTrain ratio_tt(const DensityEstimate& est, const KernelGrid& g, const StepSettings& s, const Particles& X,
                     std::uint64_t seed, long step, StepState& st) {
  const std::vector<TTAxis>& axes = g.axes();
  const int d = int(axes.size());
  Vector z_at;
  tt_evaluate(g.Z(), X, z_at);
  const double floor = 1e-12 * z_at.cwiseAbs().maxCoeff();
  double points = 1.0;
  for (const TTAxis& a : axes) points *= a.size();
  if (points <= kFullGridPoints) {
    const long M = long(points);
    RowMatrix P(M, d);
    for (long m = 0; m < M; ++m) {
      long rest = m;
      for (int k = d - 1; k >= 0; --k) {
        const int n = axes[std::size_t(k)].size();
        P(m, k) = axes[std::size_t(k)].nodes[std::size_t(rest % n)];
        rest /= n;
      }
    }
    Vector logq;
    log_density(est, P, logq);
    const std::vector<double> z = tt_full(g.Z());
    for (long m = 0; m < M; ++m) logq[m] -= std::log(std::max(z[std::size_t(m)], floor));
    const double top = logq.maxCoeff();
    std::vector<double> q(static_cast<std::size_t>(M));
    for (long m = 0; m < M; ++m) q[std::size_t(m)] = std::exp(logq[m] - top);
    double bound = 0.0;
    TensorTrain Q = tt_svd(axes, q.data(), s.tol, s.max_rank, &bound);
    st.evaluations = M;
    st.ratio_error = bound;
    if (!(bound <= s.tol)) {
      std::ostringstream os;
      os << "the TT-SVD of the ratio rho_hat / Z did not reach cross_tol = " << s.tol << " within max_rank = "
         << s.max_rank << " (reached " << bound << ")";
      throw RunError(step, os.str());
    }
    return Q;
  }
  const TensorTrain& Z = g.Z();
  const TTOracle log_ratio = [&](const RowMatrix& pts, Vector& values) {
    log_density(est, pts, values);
    Vector zv;
    tt_evaluate_indices(Z, node_indices(axes, pts), zv);
    for (Eigen::Index m = 0; m < pts.rows(); ++m) values[m] -= std::log(std::max(zv[m], floor));
  };
  TTCrossResult q = tt_cross_log(axes, log_ratio, cross_options(s.tol, s.max_rank, X, seed));
  st.evaluations = q.evaluations;
  st.ratio_error = q.validation_error;
  if (!q.converged) {
    std::ostringstream os;
    os << "the cross of the ratio rho_hat / Z did not reach cross_tol = " << s.tol << " (" << q.message << ")";
    throw RunError(step, os.str());
  }
  return std::move(q.tt);
}

}  // namespace

std::uint64_t cross_seed(std::uint64_t seed, std::uint64_t item, long step) {
  return RandomStream(seed, kCrossSeed, item, std::uint64_t(step)).bits();
}

void tt_brwp_step(const Potential& V, Particles& X, const KernelGrid& g, const StepSettings& s, std::uint64_t seed,
                  long step, StepState& st) {
  check_finite(X, step);
  st.estimate = estimate_density(X, s.T, s.beta, s.bandwidth, step);
  st.ratio = ratio_tt(st.estimate, g, s, X, cross_seed(seed, 2, step), step, st);
  st.smoothed = tt_apply(st.ratio, g.heat());

  Vector w;
  RowMatrix grad_w;
  tt_evaluate(st.smoothed, X, w, &grad_w);
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    if (!(w[i] > 0)) {
      std::ostringstream os;
      os << "the smoothed ratio K (rho_hat / Z) is " << w[i] << " at particle " << i
         << ": the tensor train lost the density there (raise grid or max_rank, or lower cross_tol)";
      throw RunError(step, os.str());
    }
  Particles grad_v;
  evaluate(V, X, nullptr, &grad_v);
  const double inv_beta = 1.0 / s.beta;
  X -= s.h * (0.5 * grad_v + inv_beta * (w.cwiseInverse().asDiagonal() * grad_w));
  check_finite(X, step);
}

}  // namespace wprox::tt_brwp
