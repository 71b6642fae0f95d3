#include "fixed_point.hpp"

#include <cmath>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

namespace wprox::mfc {

FixedPointMethod::FixedPointMethod(const MfcProblem& problem, const FitSettings& fit, const ErrorSettings& errors,
                                   long outer, std::uint64_t seed)
    : problem_(problem), seed_(seed), fit_settings_(fit), outer_(outer), fitter_(problem.dim(), fit, seed) {
  WPROX_REQUIRE(outer >= 1, InputError, "mfc: outer_iterations = " << outer << " is out of range; allowed: >= 1");
  if (problem.solution()) meter_ = std::make_unique<ErrorMeter>(problem, errors);
}

void FixedPointMethod::step(long k, Diagnostics& d) {
  try {
    sweep(k, NetworkValue(fitter_.network()), paths_);
  } catch (const RunError& e) {
    throw e.at(k, "characteristics");
  }
  const Vector& y = paths_.y;
  const double y_rms = std::sqrt(y.squaredNorm() / double(y.size()));
  const double before = fitter_.misfit(paths_.inputs, y);

  const double frac = outer_ > 1 ? double(std::min(k, outer_) - 1) / double(outer_ - 1) : 0.0;
  const double lr = fit_settings_.lr * std::pow(fit_settings_.lr_final / fit_settings_.lr, frac);
  const double loss = fitter_.fit(paths_.inputs, y, k, lr);
  if (!std::isfinite(loss) || !fitter_.network().parameters().allFinite())
    throw RunError(k, "the fit of phi diverged (mini-batch loss " + std::to_string(loss) + ")");
  const double after = fitter_.misfit(paths_.inputs, y);
  if (!(std::isfinite(after) && after <= 1e6 * (1.0 + y_rms)))
    throw RunError(k, "the fit of phi diverged (RMS misfit " + std::to_string(after) + " against RMS value " +
                          std::to_string(y_rms) + ")");

  const Particles& XT = paths_.x.back();
  const Eigen::RowVectorXd mean = XT.colwise().sum() / double(XT.rows());
  double ss = 0;
  for (long i = 0; i < XT.rows(); ++i) ss += (XT.row(i) - mean).squaredNorm();
  sT_particles_ = ss / double(XT.rows() * XT.cols());

  d.set("loss", loss);
  d.set("misfit_before", before);
  d.set("misfit_after", after);
  d.set("lr", lr);
  d.set("sT_particles", sT_particles_);
  if (!paths_.bandwidth.empty()) {
    double h = 0;
    for (double b : paths_.bandwidth) h += b;
    d.set("bandwidth", h / double(paths_.bandwidth.size()));
  }
  if (meter_) {
    errors_ = meter_->measure(NetworkValue(fitter_.network()));
    measured_ = true;
    const MfcSolution& sol = *problem_.solution();
    d.set("err_phi", errors_.phi);
    d.set("err_grad", errors_.grad);
    d.set("err_lap", errors_.lap);
    d.set("p0_fit", errors_.p0_fit);
    d.set("p0_exact", sol.mean_laplacian_per_dim(0.0));
    d.set("sT_exact", sol.variance_per_dim(problem_.horizon()));
  }
}

void FixedPointMethod::save(StateWriter& w) const {
  save_training(w, "value_network", fitter_.network(), fitter_.optimizer());
  w.integer("paths.clouds", long(paths_.x.size()));
  w.scalar("paths.dt", paths_.dt);
  w.integer("paths.steps", paths_.steps);
  for (std::size_t k = 0; k < paths_.x.size(); ++k) w.matrix("paths.x" + std::to_string(k), paths_.x[k]);
  w.integer("errors.measured", measured_ ? 1 : 0);
  w.scalar("errors.phi", errors_.phi);
  w.scalar("errors.grad", errors_.grad);
  w.scalar("errors.lap", errors_.lap);
  w.scalar("errors.p0_fit", errors_.p0_fit);
  w.scalar("sT_particles", sT_particles_);
}

void FixedPointMethod::load(const StateReader& r) {
  load_training(r, "value_network", fitter_.network(), fitter_.optimizer());
  paths_.x.resize(std::size_t(r.integer("paths.clouds")));
  paths_.dt = r.scalar("paths.dt");
  paths_.steps = r.integer("paths.steps");
  for (std::size_t k = 0; k < paths_.x.size(); ++k) paths_.x[k] = r.matrix("paths.x" + std::to_string(k), -1, problem_.dim());
  measured_ = r.integer("errors.measured") != 0;
  errors_.phi = r.scalar("errors.phi");
  errors_.grad = r.scalar("errors.grad");
  errors_.lap = r.scalar("errors.lap");
  errors_.p0_fit = r.scalar("errors.p0_fit");
  sT_particles_ = r.scalar("sT_particles");
}

RowMatrix FixedPointMethod::value_on(const Vector& times, const Particles& X) const {
  const long nt = times.size(), nx = X.rows();
  WPROX_REQUIRE(X.cols() == problem_.dim(), DimensionMismatch,
                "mfc: value_on: points of dimension " << X.cols() << " for a problem of dimension " << problem_.dim());
  Matrix P(X.cols() + 1, nt * nx);
  for (long a = 0; a < nt; ++a) {
    P.block(0, a * nx, 1, nx).setConstant(times[a]);
    P.block(1, a * nx, X.cols(), nx) = X.transpose();
  }
  const Matrix u = fitter_.network().forward(P);
  RowMatrix out(nt, nx);
  for (long a = 0; a < nt; ++a)
    for (long b = 0; b < nx; ++b) out(a, b) = u(0, a * nx + b);
  return out;
}

}  // namespace wprox::mfc
