#include "target_grid.hpp"

#include <cmath>
#include <limits>
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

TTCrossOptions cross_options(double tol, int max_rank, const RowMatrix& points, std::uint64_t seed) {
  TTCrossOptions o;
  o.tolerance = tol;
  o.max_rank = max_rank;
  o.initial_rank = std::min(4, max_rank);
  o.seed = seed;
  // The particles are where the functions have their mass: they seed the
  // index sets and half of the validation points.
  o.initial_points = points;
  return o;
}

NormalizerConstants normalizer_constants(const Vector& eta, double beta, double T) {
  NormalizerConstants nc;
  const long d = eta.size();
  nc.c = beta / (4.0 * T);
  nc.lambda.resize(d);
  nc.alpha.resize(d);
  nc.p.resize(d);
  for (long k = 0; k < d; ++k) {
    const double a = 0.5 * beta * eta[k];
    nc.lambda[k] = a + 2.0 * nc.c;
    nc.alpha[k] = 2.0 * nc.c / nc.lambda[k];
    nc.p[k] = 2.0 * nc.c * a / nc.lambda[k];
  }
  return nc;
}

namespace {

constexpr double kZFloor = 1e-15;

double grid_size(const std::vector<TTAxis>& axes) {
  double points = 1.0;
  for (const TTAxis& a : axes) points *= a.size();
  return points;
}

[[noreturn]] void fail(long step, const std::string& what, double tol, const std::string& reached) {
  std::ostringstream os;
  os << what << " did not reach cross_tol = " << tol << " (" << reached << ")";
  throw RunError(step, os.str());
}

// The full-grid trains are kept at round-off (their ranks uncapped) for
// their relative accuracy far below the maximum; max_rank still has to
// hold what cross_tol asks for, as on the cross path: round a copy to
// (tol, max_rank) and fail when that misses tol.
void check_rank(const TensorTrain& tt, double tol, int max_rank, long step, const std::string& what) {
  TensorTrain probe = tt;
  const double bound = tt_round(probe, tol, max_rank);
  if (!(bound <= tol)) {
    std::ostringstream os;
    os << "reached " << bound << " within max_rank = " << max_rank;
    fail(step, what, tol, os.str());
  }
}

}  // namespace

TargetGrid::TargetGrid(const Potential& V, TargetModel model, const Box1& box, const GridSettings& s,
                       const RowMatrix& seeds, std::uint64_t seed, long step)
    : model_(std::move(model)), box_(box), s_(s) {
  const int d = model_.dim();
  for (int k = 0; k < d; ++k) {
    axes_.push_back(tt_axis_gauss_legendre(box.lo[k], box.hi[k], s.n));
    interp_.emplace_back(axes_.back());
  }
  const NormalizerConstants nc = normalizer_constants(model_.eta, s.beta, s.T);
  c_ = nc.c;
  lambda_ = nc.lambda;
  alpha_ = nc.alpha;
  p_ = nc.p;

  // log e(u) = -beta (V(m + U u) - Σ eta_k u_k^2 / 2) / 2.
  const TargetModel& mod = model_;
  const double beta = s.beta;
  const TTOracle log_residual = [&V, &mod, beta](const RowMatrix& U, Vector& values) {
    evaluate(V, mod.from_frame(U), &values, nullptr);
    for (Eigen::Index m = 0; m < U.rows(); ++m) {
      double q = 0;
      for (Eigen::Index k = 0; k < U.cols(); ++k) q += mod.eta[k] * U(m, k) * U(m, k);
      values[m] = -0.5 * beta * (values[m] - 0.5 * q);
    }
  };
  std::vector<Matrix> smooth;
  for (int k = 0; k < d; ++k)
    smooth.push_back(tt_gaussian_smoothing_matrix(axes_[std::size_t(k)], axes_[std::size_t(k)],
                                                  1.0 / std::sqrt(lambda_[k]), alpha_[k], 0.0));
  full_ = grid_size(axes_) <= kFullGridPoints;
  if (full_) {
    // Small grids: every value of e, then TT-SVD at a tolerance near
    // round-off, so that e, z and r keep their relative accuracy where
    // they are many orders below their maximum (particles that start in a
    // valley of exp(-beta V / 2) need Z there).
    const RowMatrix P = grid_points(axes_);
    Vector v;
    log_residual(P, v);
    const double top = v.maxCoeff();
    if (!std::isfinite(top)) throw RunError(step, "the potential is not finite on the grid");
    log_scale_ = top;
    std::vector<double> ev(static_cast<std::size_t>(P.rows()));
    for (Eigen::Index m = 0; m < P.rows(); ++m) ev[std::size_t(m)] = std::exp(v[m] - top);
    double bound = 0;
    e_ = tt_svd(axes_, ev.data(), std::min(s.tol, kExactTol), 1 << 20, &bound);
    evaluations_ += P.rows();
    error_ = bound;
    if (!(bound <= s.tol)) {
      std::ostringstream os;
      os << "reached " << bound << " within max_rank = " << s.max_rank;
      fail(step, "the TT-SVD of the residual exp(-beta (V - q) / 2)", s.tol, os.str());
    }
    check_rank(e_, s.tol, s.max_rank, step, "the TT-SVD of the residual exp(-beta (V - q) / 2)");
    if (!s.want_inverse) return;
    const TensorTrain z = tt_apply(e_, smooth);
    const std::vector<double> zv = tt_full(z);
    double zmax = 0;
    for (double x : zv) zmax = std::max(zmax, x);
    // z is an average of e > 0; where the TT-SVD's error makes it <= 0 (far
    // below 1e-13 of its maximum) the floor keeps r finite.
    r_values_.resize(zv.size());
    for (std::size_t m = 0; m < zv.size(); ++m) r_values_[m] = 1.0 / std::max(zv[m], 1e-300 + 1e-15 * zmax);
    double rmax = 0;
    for (double x : r_values_) rmax = std::max(rmax, x);
    for (double& x : r_values_) x /= rmax;
    r_ = tt_svd(axes_, r_values_.data(), std::min(s.tol, kExactTol), 1 << 20, &bound);
    error_ = std::max(error_, bound);
    if (!(bound <= s.tol)) {
      std::ostringstream os;
      os << "reached " << bound << " within max_rank = " << s.max_rank;
      fail(step, "the TT-SVD of the inverse normalizer 1 / z", s.tol, os.str());
    }
    check_rank(r_, s.tol, s.max_rank, step, "the TT-SVD of the inverse normalizer 1 / z");
    return;
  }
  TTCrossResult r = tt_cross_log(axes_, log_residual, cross_options(s.tol, s.max_rank, seeds, seed));
  evaluations_ += r.evaluations;
  error_ = r.validation_error;
  log_scale_ = r.log_scale;
  if (!r.converged) fail(step, "the cross of the residual exp(-beta (V - q) / 2)", s.tol, r.message);
  e_ = std::move(r.tt);
  if (!s.want_inverse) return;
  const TensorTrain z = tt_apply(e_, smooth);
  // z averages e (largest value ~1 after log_scale) against normalized
  // Gaussians, so z <= ~1; below kZFloor of that the residual's train has
  // no relative accuracy left (as on full grids), and an unfloored 1 / z of
  // 1e200 in the far corners overflows the cross's norms.
  TTCrossResult q = tt_divide_cross(tt_constant(axes_, 1.0), z,
                                    cross_options(s.tol, s.max_rank, seeds, seed ^ 0x9e3779b97f4a7c15ULL), kZFloor);
  error_ = std::max(error_, q.validation_error);
  if (!q.converged) fail(step, "the cross of the inverse normalizer 1 / z", s.tol, q.message);
  r_ = std::move(q.tt);
}

void TargetGrid::log_normalizer(const RowMatrix& Uq, Vector& out, std::vector<char>* reliable) const {
  const long M = Uq.rows();
  const int d = model_.dim();
  out.resize(M);
  if (reliable) reliable->assign(std::size_t(M), 1);
  // log Z = log_scale - Σ p_k u_k^2 / 2 + (d/2) log 2 pi - Σ log(lambda_k) / 2 + log z(u).
  double constant = log_scale_ + 0.5 * d * std::log(2.0 * M_PI);
  for (int k = 0; k < d; ++k) constant -= 0.5 * std::log(lambda_[k]);
  parallel_for(M, [&](long b, long end) {
    std::vector<std::vector<double>> rows(static_cast<std::size_t>(d));
    std::vector<const double*> ptr(static_cast<std::size_t>(d));
    for (int k = 0; k < d; ++k) {
      rows[std::size_t(k)].resize(std::size_t(axes_[std::size_t(k)].size()));
      ptr[std::size_t(k)] = rows[std::size_t(k)].data();
    }
    for (long m = b; m < end; ++m) {
      double gauss = 0;
      bool inside = true;
      for (int k = 0; k < d; ++k) {
        const double mean = alpha_[k] * Uq(m, k), sd = 1.0 / std::sqrt(lambda_[k]);
        inside = inside && mean - 3.0 * sd >= box_.lo[k] && mean + 3.0 * sd <= box_.hi[k];
        interp_[std::size_t(k)].gaussian(mean, sd, rows[std::size_t(k)].data());
        gauss += p_[k] * Uq(m, k) * Uq(m, k);
      }
      const double z = tt_contract(e_, ptr);
      out[m] = constant - 0.5 * gauss + std::log(std::max(z, 1e-300));
      if (reliable) (*reliable)[std::size_t(m)] = inside && z >= kReliable ? 1 : 0;
    }
  }, 8);
}

double step_bytes(int d, int n, int max_rank, long N) {
  const std::vector<int> sizes(static_cast<std::size_t>(d), n);
  const double points = std::pow(double(n), d);
  const double cross = points <= kFullGridPoints ? 0.0 : double(tt_cross_bytes(sizes, max_rank, TTCrossOptions{}.max_batch));
  // Full grids: the grid's points (d columns), e, z, r and the step's r~ values.
  const double full = points <= kFullGridPoints ? points * 8.0 * (d + 6) : 0.0;
  const double per_particle = double(N) * 8.0 * (6.0 * d + 2.0 * d * n);
  const double smoothing = double(d) * n * n * 8.0;
  const double trains = 6.0 * double(tt_bytes(sizes, [&] {
                          std::vector<int> r(static_cast<std::size_t>(d) + 1, max_rank);
                          r.front() = r.back() = 1;
                          return r;
                        }()));
  return cross + full + per_particle + smoothing + trains;
}

}  // namespace wprox::tt_brwp
