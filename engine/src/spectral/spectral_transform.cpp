#include <cmath>
#include <cstring>
#include <mutex>
#include <utility>

#include "fftw_support.hpp"
#include "fftw_wisdom.hpp"
#include "wprox/errors.hpp"
#include "wprox/spectral.hpp"

namespace wprox {

using fftw::planner_mutex;
using FftwBuffer = fftw::Buffer;

struct SpectralTransform::Plans {
  fftw_plan forward = nullptr;
  fftw_plan backward = nullptr;
  int alignment = 0;  // fftw_alignment_of the arrays the plans were made for
  ~Plans() {
    std::lock_guard<std::mutex> lock(planner_mutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
  }
};

SpectralTransform::SpectralTransform(const TensorGrid& grid) : grid_(grid), plans_(std::make_unique<Plans>()) {
  WPROX_REQUIRE(grid.dim() >= 1, InputError, "spectral transform: the grid has no axes");
  const int rank = grid.dim();
  const std::size_t N = std::size_t(grid.size());
  std::vector<int> n(rank);
  r2c_ = true;
  for (int a = 0; a < rank; ++a) {
    n[a] = grid.n(a);
    r2c_ = r2c_ && grid.boundary(a) == Boundary::Periodic;
  }
  mode_extent_ = n;
  if (r2c_) mode_extent_.back() = n.back() / 2 + 1;
  modes_ = 1;
  for (int e : mode_extent_) modes_ *= e;
  double norm = 1.0;
  for (int a = 0; a < rank; ++a) norm *= grid.boundary(a) == Boundary::Periodic ? n[a] : 2.0 * n[a];
  scale_ = 1.0 / norm;

  FftwBuffer real(sizeof(double) * N);
  plans_->alignment = fftw_alignment_of(real.real());
  std::lock_guard<std::mutex> lock(planner_mutex());
  // Measured once per machine and shape, then the same plan in every
  // process (fftw_wisdom.hpp). FFTW_MEASURE overwrites the arrays it plans
  // with: these are scratch.
  fftw::plan_with_wisdom([&](unsigned flags) {
    if (r2c_) {
      FftwBuffer spec(sizeof(fftw_complex) * std::size_t(modes_));
      plans_->forward = fftw_plan_dft_r2c(rank, n.data(), real.real(), spec.cplx(), flags);
      plans_->backward = fftw_plan_dft_c2r(rank, n.data(), spec.cplx(), real.real(), flags);
    } else {
      std::vector<fftw_r2r_kind> fwd(rank), bwd(rank);
      for (int a = 0; a < rank; ++a) {
        const bool periodic = grid.boundary(a) == Boundary::Periodic;
        fwd[a] = periodic ? FFTW_R2HC : FFTW_REDFT10;
        bwd[a] = periodic ? FFTW_HC2R : FFTW_REDFT01;
      }
      FftwBuffer spec(sizeof(double) * N);
      plans_->forward = fftw_plan_r2r(rank, n.data(), real.real(), spec.real(), fwd.data(), flags);
      plans_->backward = fftw_plan_r2r(rank, n.data(), spec.real(), real.real(), bwd.data(), flags);
    }
  });
  if (!plans_->forward || !plans_->backward)
    throw InputError("FFTW could not make a plan for a grid of " + std::to_string(N) +
                     " points (too large for memory?)");
}

SpectralTransform::~SpectralTransform() = default;

void SpectralTransform::apply(const double* in, double* out, const double* m) const {
  const std::size_t N = std::size_t(grid_.size());
  const long M = modes_;
  // The new-array execute functions need the alignment the plans were made
  // with; arrays that have it are used in place, others go through scratch.
  // (Out-of-place r2c and r2r preserve their input.)
  const double* src = in;
  if (fftw_alignment_of(const_cast<double*>(in)) != plans_->alignment) {
    double* r = fftw::scratch_real(N);
    std::memcpy(r, in, sizeof(double) * N);
    src = r;
  }
  const bool direct_out = fftw_alignment_of(out) == plans_->alignment && out != src;
  double* dst = direct_out ? out : fftw::scratch_real(N);
  if (r2c_) {
    fftw_complex* s = fftw::scratch_spectrum(std::size_t(M));
    fftw_execute_dft_r2c(plans_->forward, const_cast<double*>(src), s);
    for (long k = 0; k < M; ++k) {
      const double f = m[k] * scale_;
      s[k][0] *= f;
      s[k][1] *= f;
    }
    fftw_execute_dft_c2r(plans_->backward, s, dst);
  } else {
    double* s = fftw::scratch_spectrum_real(std::size_t(M));
    fftw_execute_r2r(plans_->forward, const_cast<double*>(src), s);
    for (long k = 0; k < M; ++k) s[k] *= m[k] * scale_;
    fftw_execute_r2r(plans_->backward, s, dst);
  }
  if (!direct_out) std::memcpy(out, dst, sizeof(double) * N);
}

void SpectralTransform::forward(const double* in, double* spectrum) const {
  const std::size_t N = std::size_t(grid_.size());
  const double* src = in;
  if (fftw_alignment_of(const_cast<double*>(in)) != plans_->alignment) {
    double* r = fftw::scratch_real(N);
    std::memcpy(r, in, sizeof(double) * N);
    src = r;
  }
  const std::size_t S = std::size_t(spectrum_size());
  const bool direct = fftw_alignment_of(spectrum) == plans_->alignment;
  double* dst = direct ? spectrum : fftw::scratch_spectrum_real(S);
  if (r2c_)
    fftw_execute_dft_r2c(plans_->forward, const_cast<double*>(src), reinterpret_cast<fftw_complex*>(dst));
  else
    fftw_execute_r2r(plans_->forward, const_cast<double*>(src), dst);
  if (!direct) std::memcpy(spectrum, dst, sizeof(double) * S);
}

void SpectralTransform::inverse(double* spectrum, double* out) const {
  const std::size_t N = std::size_t(grid_.size()), S = std::size_t(spectrum_size());
  double* src = spectrum;
  if (fftw_alignment_of(spectrum) != plans_->alignment) {
    src = fftw::scratch_spectrum_real(S);
    std::memcpy(src, spectrum, sizeof(double) * S);
  }
  const bool direct = fftw_alignment_of(out) == plans_->alignment;
  double* dst = direct ? out : fftw::scratch_real(N);
  if (r2c_)
    fftw_execute_dft_c2r(plans_->backward, reinterpret_cast<fftw_complex*>(src), dst);
  else
    fftw_execute_r2r(plans_->backward, src, dst);
  if (!direct) std::memcpy(out, dst, sizeof(double) * N);
}

std::vector<double> SpectralTransform::axis_symbol(int axis) const {
  WPROX_REQUIRE(axis >= 0 && axis < grid_.dim(), InputError,
                "spectral transform: axis " << axis << " of a " << grid_.dim() << "-D grid");
  const GridAxis& ax = grid_.axis(axis);
  std::vector<double> per_mode(std::size_t(mode_extent_[std::size_t(axis)]));
  for (std::size_t k = 0; k < per_mode.size(); ++k) per_mode[k] = ax.laplacian_eigenvalue(int(k));
  // Spread over the row-major mode layout.
  long inner = 1;
  for (std::size_t b = std::size_t(axis) + 1; b < mode_extent_.size(); ++b) inner *= mode_extent_[b];
  const long extent = mode_extent_[std::size_t(axis)];
  std::vector<double> out(static_cast<std::size_t>(modes_));
  for (long m = 0; m < modes_; ++m) out[std::size_t(m)] = per_mode[std::size_t((m / inner) % extent)];
  return out;
}

std::vector<double> SpectralTransform::laplacian_symbol() const {
  std::vector<double> lam(static_cast<std::size_t>(modes_), 0.0);
  for (int a = 0; a < grid_.dim(); ++a) {
    const std::vector<double> s = axis_symbol(a);
    for (std::size_t m = 0; m < lam.size(); ++m) lam[m] += s[m];
  }
  return lam;
}

}  // namespace wprox
