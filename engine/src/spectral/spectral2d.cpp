#include <cmath>
#include <cstring>
#include <mutex>
#include <utility>

#include "fftw_support.hpp"
#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"
#include "wprox/spectral.hpp"

namespace wprox {

using fftw::planner_mutex;
using FftwBuffer = fftw::Buffer;

struct SpectralTransform2D::Plans {
  fftw_plan forward = nullptr;
  fftw_plan backward = nullptr;
  int alignment = 0;  // fftw_alignment_of the arrays the plans were made for
  ~Plans() {
    std::lock_guard<std::mutex> lock(planner_mutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
  }
};

SpectralTransform2D::SpectralTransform2D(const Grid2D& grid) : grid_(grid), plans_(std::make_unique<Plans>()) {
  WPROX_REQUIRE(grid.n >= 2, InputError, "spectral transform: n = " << grid.n << " must be at least 2");
  const int n = grid.n;
  FftwBuffer real(sizeof(double) * std::size_t(n) * n);
  plans_->alignment = fftw_alignment_of(real.real());
  std::lock_guard<std::mutex> lock(planner_mutex());
  // FFTW_ESTIMATE chooses the plan from the shape alone. FFTW_MEASURE times
  // candidates, so two processes may pick different algorithms whose results
  // differ in the last bits: that would break "same seed, same result".
  const unsigned flags = FFTW_ESTIMATE;
  if (grid.boundary == Boundary::Periodic) {
    FftwBuffer spec(sizeof(fftw_complex) * std::size_t(n) * (n / 2 + 1));
    plans_->forward = fftw_plan_dft_r2c_2d(n, n, real.real(), spec.cplx(), flags);
    plans_->backward = fftw_plan_dft_c2r_2d(n, n, spec.cplx(), real.real(), flags);
  } else {
    FftwBuffer spec(sizeof(double) * std::size_t(n) * n);
    plans_->forward = fftw_plan_r2r_2d(n, n, real.real(), spec.real(), FFTW_REDFT10, FFTW_REDFT10, flags);
    plans_->backward = fftw_plan_r2r_2d(n, n, spec.real(), real.real(), FFTW_REDFT01, FFTW_REDFT01, flags);
  }
  if (!plans_->forward || !plans_->backward) throw InputError("FFTW could not make a plan for a " + std::to_string(n) + " x " + std::to_string(n) + " grid (too large for memory?)");
}

SpectralTransform2D::~SpectralTransform2D() = default;

int SpectralTransform2D::modes_x() const { return grid_.n; }
int SpectralTransform2D::modes_y() const {
  return grid_.boundary == Boundary::Periodic ? grid_.n / 2 + 1 : grid_.n;
}

void SpectralTransform2D::apply(const double* in, double* out, const double* m) const {
  const int n = grid_.n;
  const std::size_t N = std::size_t(n) * n;
  const long M = modes();
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
  if (grid_.boundary == Boundary::Periodic) {
    fftw_complex* s = fftw::scratch_spectrum(std::size_t(M));
    fftw_execute_dft_r2c(plans_->forward, const_cast<double*>(src), s);
    const double scale = 1.0 / double(N);
    for (long k = 0; k < M; ++k) {
      const double f = m[k] * scale;
      s[k][0] *= f;
      s[k][1] *= f;
    }
    fftw_execute_dft_c2r(plans_->backward, s, dst);
  } else {
    double* s = fftw::scratch_spectrum_real(std::size_t(M));
    fftw_execute_r2r(plans_->forward, const_cast<double*>(src), s);
    // REDFT10 followed by REDFT01 multiplies by 2n per axis.
    const double scale = 1.0 / (4.0 * double(N));
    for (long k = 0; k < M; ++k) s[k] *= m[k] * scale;
    fftw_execute_r2r(plans_->backward, s, dst);
  }
  if (!direct_out) std::memcpy(out, dst, sizeof(double) * N);
}

std::vector<double> SpectralTransform2D::laplacian_symbol() const {
  const int n = grid_.n;
  const double h = grid_.h();
  std::vector<double> axis(n);
  for (int k = 0; k < n; ++k) {
    if (grid_.boundary == Boundary::Periodic) {
      axis[k] = (2.0 * std::cos(2.0 * M_PI * k / n) - 2.0) / (h * h);
    } else {
      const double s = std::sin(M_PI * k / (2.0 * n));
      axis[k] = -4.0 / (h * h) * s * s;
    }
  }
  std::vector<double> lam(modes());
  const int my = modes_y();
  for (int k1 = 0; k1 < n; ++k1)
    for (int k2 = 0; k2 < my; ++k2) lam[long(k1) * my + k2] = axis[k1] + axis[k2];
  return lam;
}

void laplacian_5pt(const Grid2D& g, const double* u, double* out) {
  const int n = g.n;
  const double inv_h2 = 1.0 / (g.h() * g.h());
  const bool periodic = g.boundary == Boundary::Periodic;
  // Neighbour index: periodic wraps; Neumann reflects (ghost = edge value).
  auto nb = [&](int i, int di) {
    int j = i + di;
    if (j < 0) return periodic ? n - 1 : 0;
    if (j >= n) return periodic ? 0 : n - 1;
    return j;
  };
  parallel_for(n, [&](long b, long e) {
    for (long i = b; i < e; ++i) {
      const int im = nb(int(i), -1), ip = nb(int(i), 1);
      for (int j = 0; j < n; ++j) {
        const int jm = nb(j, -1), jp = nb(j, 1);
        out[i * n + j] = (u[long(im) * n + j] + u[long(ip) * n + j] + u[i * n + jm] + u[i * n + jp] -
                          4.0 * u[i * n + j]) * inv_h2;
      }
    }
  }, 8);
}

}  // namespace wprox
