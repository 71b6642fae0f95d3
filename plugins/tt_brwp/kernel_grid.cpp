#include "kernel_grid.hpp"

#include <sstream>

namespace wprox::tt_brwp {

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
  const double sketch = 3.0 * double(N) * double(max_rank + 8) * 8.0 * d;
  const double heat = double(d) * n * n * 8.0;
  // E, Z, the density, the ratio and its convolution: five trains besides the cross.
  const double trains = 5.0 * double(tt_bytes(sizes, [&] {
                          std::vector<int> r(static_cast<std::size_t>(d) + 1, max_rank);
                          r.front() = r.back() = 1;
                          return r;
                        }()));
  return cross + sketch + heat + trains;
}

}  // namespace wprox::tt_brwp
