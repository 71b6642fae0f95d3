#include "wprox/spectral1d.hpp"

#include <cmath>
#include <cstring>
#include <mutex>

#include "fftw_support.hpp"
#include "wprox/errors.hpp"

namespace wprox {

using fftw::planner_mutex;

struct SeparableSpectralTransform::Plans {
  fftw_plan forward = nullptr;
  fftw_plan backward = nullptr;
  ~Plans() {
    std::lock_guard<std::mutex> lock(planner_mutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
  }
};

SeparableSpectralTransform::SeparableSpectralTransform(std::vector<SpectralAxis> axes)
    : axes_(std::move(axes)), plans_(std::make_unique<Plans>()) {
  WPROX_REQUIRE(axes_.size() == 1 || axes_.size() == 2, InputError,
                "spectral transform: " << axes_.size() << " axes given, 1 or 2 allowed");
  size_ = 1;
  int n[2];
  fftw_r2r_kind fwd[2], bwd[2];
  double norm = 1.0;
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    const SpectralAxis& ax = axes_[a];
    WPROX_REQUIRE(ax.n >= 1, InputError, "spectral transform: axis " << a << " has n = " << ax.n << ", need n >= 1");
    WPROX_REQUIRE(ax.h > 0, InputError, "spectral transform: axis " << a << " has h = " << ax.h << ", need h > 0");
    n[a] = ax.n;
    size_ *= ax.n;
    if (ax.boundary == Boundary::Periodic) {
      fwd[a] = FFTW_R2HC;
      bwd[a] = FFTW_HC2R;
      norm *= ax.n;
    } else {
      fwd[a] = FFTW_REDFT10;
      bwd[a] = FFTW_REDFT01;
      norm *= 2.0 * ax.n;
    }
  }
  scale_ = 1.0 / norm;
  // Plans are made in place on an aligned buffer; apply() executes them on
  // its own aligned buffer (new-array interface: same alignment, in place).
  fftw::Buffer probe(sizeof(double) * std::size_t(size_));
  std::lock_guard<std::mutex> lock(planner_mutex());
  const int rank = int(axes_.size());
  plans_->forward = fftw_plan_r2r(rank, n, probe.real(), probe.real(), fwd, FFTW_ESTIMATE);
  plans_->backward = fftw_plan_r2r(rank, n, probe.real(), probe.real(), bwd, FFTW_ESTIMATE);
  if (!plans_->forward || !plans_->backward) throw InputError("FFTW could not make a plan for a grid of " + std::to_string(size_) + " points (too large for memory?)");
}

SeparableSpectralTransform::~SeparableSpectralTransform() = default;

void SeparableSpectralTransform::apply(const double* in, double* out, const double* multiplier) const {
  // In place on this thread's aligned scratch (the alignment the plans
  // were made with).
  double* work = fftw::scratch_real(std::size_t(size_));
  std::memcpy(work, in, sizeof(double) * std::size_t(size_));
  fftw_execute_r2r(plans_->forward, work, work);
  for (long k = 0; k < size_; ++k) work[k] *= multiplier[k] * scale_;
  fftw_execute_r2r(plans_->backward, work, work);
  std::memcpy(out, work, sizeof(double) * std::size_t(size_));
}

std::vector<double> SeparableSpectralTransform::axis_laplacian_symbol(int axis) const {
  const SpectralAxis& ax = axes_.at(std::size_t(axis));
  std::vector<double> lambda(std::size_t(ax.n));
  const double pi = std::acos(-1.0);
  for (int k = 0; k < ax.n; ++k) {
    if (ax.boundary == Boundary::Periodic) {
      lambda[std::size_t(k)] = (2.0 * std::cos(2.0 * pi * k / ax.n) - 2.0) / (ax.h * ax.h);
    } else {
      const double s = std::sin(pi * k / (2.0 * ax.n));
      lambda[std::size_t(k)] = -4.0 / (ax.h * ax.h) * s * s;
    }
  }
  return lambda;
}

std::vector<double> SeparableSpectralTransform::laplacian_symbol() const {
  std::vector<double> out(std::size_t(size_), 0.0);
  if (axes_.size() == 1) return axis_laplacian_symbol(0);
  const std::vector<double> l0 = axis_laplacian_symbol(0), l1 = axis_laplacian_symbol(1);
  for (int i = 0; i < axes_[0].n; ++i)
    for (int j = 0; j < axes_[1].n; ++j) out[std::size_t(i) * axes_[1].n + j] = l0[std::size_t(i)] + l1[std::size_t(j)];
  return out;
}

}  // namespace wprox
