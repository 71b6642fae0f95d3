#include "kernel_grid.hpp"

#include <sstream>

namespace wprox::tt_brwp {

RowMatrix grid_points(const std::vector<TTAxis>& axes) {
  const int d = int(axes.size());
  long M = 1;
  for (const TTAxis& a : axes) M *= a.size();
  RowMatrix P(M, d);
  for (long m = 0; m < M; ++m) {
    long rest = m;
    for (int k = d - 1; k >= 0; --k) {
      const int n = axes[std::size_t(k)].size();
      P(m, k) = axes[std::size_t(k)].nodes[std::size_t(rest % n)];
      rest /= n;
    }
  }
  return P;
}

TTCrossOptions cross_options(double tol, int max_rank, const Particles& X, std::uint64_t seed) {
  TTCrossOptions o;
  o.tolerance = tol;
  o.max_rank = max_rank;
  o.initial_rank = std::min(4, max_rank);
  o.seed = seed;
  // The particles are where the functions have their mass: they seed the
  // index sets and half of the validation points.
  o.initial_points = X;
  return o;
}

KernelGrid::KernelGrid(const Potential& V, double beta, double T, const Box1& box, int n, double tol, int max_rank,
                       const Particles& X, std::uint64_t seed, long step)
    : box_(box) {
  const int d = int(box.lo.size());
  for (int k = 0; k < d; ++k) axes_.push_back(tt_axis_gauss_legendre(box.lo[k], box.hi[k], n));
  for (int k = 0; k < d; ++k)
    heat_.push_back(tt_gaussian_convolution_matrix(axes_[std::size_t(k)], axes_[std::size_t(k)], beta / (4.0 * T)));

  const TTOracle log_half_density = [&V, beta](const RowMatrix& points, Vector& values) {
    evaluate(V, points, &values, nullptr);
    values *= -0.5 * beta;
  };
  double points = 1.0;
  for (const TTAxis& a : axes_) points *= a.size();
  if (points <= kFullGridPoints) {
    // Small grids: every value of E, then TT-SVD at a tolerance near
    // round-off, so that E (and Z) keep their relative accuracy where they
    // are many orders below their maximum: particles that start in a valley
    // of exp(-beta V / 2) (between the modes of a bimodal target) need Z
    // there, and a TT accurate to cross_tol of the maximum would give noise.
    const RowMatrix P = grid_points(axes_);
    Vector v;
    log_half_density(P, v);
    const double top = v.maxCoeff();
    std::vector<double> e(static_cast<std::size_t>(P.rows()));
    for (Eigen::Index m = 0; m < P.rows(); ++m) e[std::size_t(m)] = std::exp(v[m] - top);
    E_ = tt_svd(axes_, e.data(), kExactTol, 1 << 20);
    evaluations_ = P.rows();
    Z_ = tt_apply(E_, heat_);
    return;
  }
  TTCrossResult r = tt_cross_log(axes_, log_half_density, cross_options(tol, max_rank, X, seed));
  evaluations_ = r.evaluations;
  if (!r.converged) {
    std::ostringstream os;
    os << "the cross of exp(-beta V / 2) did not reach cross_tol = " << tol << " (" << r.message << ")";
    throw RunError(step, os.str());
  }
  E_ = std::move(r.tt);
  Z_ = tt_apply(E_, heat_);
}

bool KernelGrid::holds(const Particles& X, const Vector& inset) const {
  for (Eigen::Index k = 0; k < X.cols(); ++k) {
    const double lo = X.col(k).minCoeff(), hi = X.col(k).maxCoeff();
    if (!(lo >= box_.lo[k] + inset[k] && hi <= box_.hi[k] - inset[k])) return false;
  }
  return true;
}

Box1 particle_box(const Particles& X, const Vector& margin) {
  Box1 b;
  b.lo = X.colwise().minCoeff().transpose() - margin;
  b.hi = X.colwise().maxCoeff().transpose() + margin;
  return b;
}

double step_bytes(int d, int n, int max_rank, long N) {
  const std::vector<int> sizes(static_cast<std::size_t>(d), n);
  const double cross = double(tt_cross_bytes(sizes, max_rank, TTCrossOptions{}.max_batch));
  const double per_particle = 3.0 * double(N) * double(max_rank + 8) * 8.0 * d;
  const double heat = double(d) * n * n * 8.0;
  // E, Z, the density, the ratio and its convolution: five trains besides the cross.
  const double trains = 5.0 * double(tt_bytes(sizes, [&] {
                          std::vector<int> r(static_cast<std::size_t>(d) + 1, max_rank);
                          r.front() = r.back() = 1;
                          return r;
                        }()));
  return cross + per_particle + heat + trains;
}

}  // namespace wprox::tt_brwp
