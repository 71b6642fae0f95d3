#include <fftw3.h>

#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"
#include "wprox/spectral.hpp"

namespace wprox {
namespace {

// FFTW's planner is not thread-safe; every plan is made under this lock.
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

struct FftwBuffer {
  void* p = nullptr;
  explicit FftwBuffer(std::size_t bytes) : p(fftw_malloc(bytes)) {
    if (!p) throw std::bad_alloc();
  }
  ~FftwBuffer() { fftw_free(p); }
  FftwBuffer(const FftwBuffer&) = delete;
  FftwBuffer& operator=(const FftwBuffer&) = delete;
  double* real() { return static_cast<double*>(p); }
  fftw_complex* cplx() { return static_cast<fftw_complex*>(p); }
};

}  // namespace

struct SpectralTransform2D::Plans {
  fftw_plan forward = nullptr;
  fftw_plan backward = nullptr;
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
  std::lock_guard<std::mutex> lock(planner_mutex());
  if (grid.boundary == Boundary::Periodic) {
    FftwBuffer spec(sizeof(fftw_complex) * std::size_t(n) * (n / 2 + 1));
    plans_->forward = fftw_plan_dft_r2c_2d(n, n, real.real(), spec.cplx(), FFTW_MEASURE);
    plans_->backward = fftw_plan_dft_c2r_2d(n, n, spec.cplx(), real.real(), FFTW_MEASURE);
  } else {
    FftwBuffer spec(sizeof(double) * std::size_t(n) * n);
    plans_->forward = fftw_plan_r2r_2d(n, n, real.real(), spec.real(), FFTW_REDFT10, FFTW_REDFT10, FFTW_MEASURE);
    plans_->backward = fftw_plan_r2r_2d(n, n, spec.real(), real.real(), FFTW_REDFT01, FFTW_REDFT01, FFTW_MEASURE);
  }
  if (!plans_->forward || !plans_->backward) throw std::runtime_error("FFTW could not make a plan");
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
  // Copy into FFTW-aligned scratch: the new-array execute functions need the
  // alignment the plan was made with, and c2r overwrites its input.
  FftwBuffer real(sizeof(double) * N);
  std::memcpy(real.real(), in, sizeof(double) * N);
  if (grid_.boundary == Boundary::Periodic) {
    FftwBuffer spec(sizeof(fftw_complex) * std::size_t(M));
    fftw_execute_dft_r2c(plans_->forward, real.real(), spec.cplx());
    const double scale = 1.0 / double(N);
    fftw_complex* s = spec.cplx();
    for (long k = 0; k < M; ++k) {
      const double f = m[k] * scale;
      s[k][0] *= f;
      s[k][1] *= f;
    }
    fftw_execute_dft_c2r(plans_->backward, spec.cplx(), real.real());
  } else {
    FftwBuffer spec(sizeof(double) * std::size_t(M));
    fftw_execute_r2r(plans_->forward, real.real(), spec.real());
    // REDFT10 followed by REDFT01 multiplies by 2n per axis.
    const double scale = 1.0 / (4.0 * double(N));
    double* s = spec.real();
    for (long k = 0; k < M; ++k) s[k] *= m[k] * scale;
    fftw_execute_r2r(plans_->backward, spec.real(), real.real());
  }
  std::memcpy(out, real.real(), sizeof(double) * N);
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

SpectralMultiplier::SpectralMultiplier(std::shared_ptr<const SpectralTransform2D> t, std::vector<double> multiplier)
    : t_(std::move(t)), m_(std::move(multiplier)) {
  WPROX_REQUIRE(long(m_.size()) == t_->modes(), DimensionMismatch,
                "spectral multiplier has " << m_.size() << " entries but the transform has " << t_->modes()
                                           << " modes");
}

}  // namespace wprox
