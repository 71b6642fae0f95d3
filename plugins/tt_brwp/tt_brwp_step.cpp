#include "tt_brwp_step.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/sampling.hpp>

namespace wprox::tt_brwp {

namespace {

constexpr std::uint64_t kCrossSeed = stream_purpose("tt-brwp.cross_seed");

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
  Vector z_at;
  tt_evaluate(g.Z(), X, z_at);
  const double floor = 1e-12 * z_at.cwiseAbs().maxCoeff();
  double points = 1.0;
  for (const TTAxis& a : axes) points *= a.size();
  if (points <= kFullGridPoints) {
    const long M = long(points);
    const RowMatrix P = grid_points(axes);
    Vector logq;
    log_density(est, P, logq);
    const std::vector<double> z = tt_full(g.Z());
    for (long m = 0; m < M; ++m) logq[m] -= std::log(std::max(z[std::size_t(m)], floor));
    const double top = logq.maxCoeff();
    std::vector<double> q(static_cast<std::size_t>(M));
    for (long m = 0; m < M; ++m) q[std::size_t(m)] = std::exp(logq[m] - top);
    // Q varies over many orders across the cloud when the particles sit in
    // a valley of Z (it is largest where Z is smallest): the TT-SVD keeps it
    // to round-off (kExactTol), which small grids afford, so that W at the
    // particles keeps its relative accuracy; max_rank still caps the ranks.
    double bound = 0.0;
    TensorTrain Q = tt_svd(axes, q.data(), std::min(s.tol, kExactTol), s.max_rank, &bound);
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

// W(x) = ∫ exp(-c |x - y|^2) Q(y) dy and its gradient at each particle, by
// the grid's quadrature directly: per axis the row vector
// a_k(i) = exp(-c (x_k - y_ki)^2) w_ki (and its x_k-derivative b_k)
// contracted with Q's cores, prefix and suffix products giving all d
// partial derivatives. No interpolation of W: a particle where W is many
// orders below its maximum (a valley of Z) gets W to the quadrature's
// relative accuracy, where a global interpolant would err by a fraction of
// the maximum and can even turn negative. O(d n r^2) per particle.
void smoothed_at(const TensorTrain& Q, double c, const Particles& X, Vector& w, RowMatrix& grad) {
  const int d = Q.dim();
  const long N = X.rows();
  w.resize(N);
  grad.resize(N, d);
  parallel_for(N, [&](long begin, long end) {
    std::vector<Matrix> A(static_cast<std::size_t>(d)), B(static_cast<std::size_t>(d));
    std::vector<Matrix> left(static_cast<std::size_t>(d) + 1), right(static_cast<std::size_t>(d) + 1);
    for (long p = begin; p < end; ++p) {
      for (int k = 0; k < d; ++k) {
        const TTAxis& ax = Q.axis(k);
        const int n = ax.size(), r = Q.rank(k), rn = Q.rank(k + 1);
        const Matrix& G = Q.core(k);
        Matrix a = Matrix::Zero(r, rn), b = Matrix::Zero(r, rn);
        for (int i = 0; i < n; ++i) {
          const double z = X(p, k) - ax.nodes[std::size_t(i)];
          const double e = std::exp(-c * z * z) * ax.weights[std::size_t(i)];
          a.noalias() += e * G.middleRows(Eigen::Index(r) * i, r);
          b.noalias() += (-2.0 * c * z * e) * G.middleRows(Eigen::Index(r) * i, r);
        }
        A[std::size_t(k)] = std::move(a);
        B[std::size_t(k)] = std::move(b);
      }
      left[0] = Matrix::Ones(1, 1);
      for (int k = 0; k < d; ++k) left[std::size_t(k) + 1] = left[std::size_t(k)] * A[std::size_t(k)];
      right[std::size_t(d)] = Matrix::Ones(1, 1);
      for (int k = d - 1; k >= 0; --k) right[std::size_t(k)] = A[std::size_t(k)] * right[std::size_t(k) + 1];
      w[p] = left[std::size_t(d)](0, 0);
      for (int k = 0; k < d; ++k)
        grad(p, k) = (left[std::size_t(k)] * B[std::size_t(k)] * right[std::size_t(k) + 1])(0, 0);
    }
  }, 16);
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
  smoothed_at(st.ratio, s.beta / (4.0 * s.T), X, w, grad_w);
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
