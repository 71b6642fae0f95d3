#include "bidiagonal_preconditioner.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

namespace wprox {
namespace {

// acc = a + b, pointwise (parallel, order-independent).
void add_fields(const double* a, const double* b, double* acc, long n) {
  parallel_for(
      n,
      [&](long i0, long i1) {
        for (long i = i0; i < i1; ++i) acc[i] = a[i] + b[i];
      },
      4096);
}

}  // namespace

BidiagonalPreconditioner::BidiagonalPreconditioner(std::shared_ptr<const SpectralTransform> t,
                                                   const std::vector<double>& xhat, int nt)
    : t_(std::move(t)), xhat_(xhat), nt_(nt) {
  WPROX_REQUIRE(nt >= 1, InputError, "preconditioner: nt = " << nt << " must be at least 1");
  WPROX_REQUIRE(
      long(xhat.size()) == t_->modes(), DimensionMismatch,
      "preconditioner: symbol has " << xhat.size() << " entries, the transform has " << t_->modes() << " modes");
  inv_x_.resize(xhat.size());
  inv_x2_.resize(xhat.size());
  for (std::size_t k = 0; k < xhat.size(); ++k) {
    WPROX_REQUIRE(xhat[k] > 0.0 && std::isfinite(xhat[k]), InputError,
                  "preconditioner: symbol X^ = " << xhat[k] << " at mode " << k
                                                 << " is not positive (time step too large for this model?)");
    inv_x_[k] = 1.0 / xhat[k];
    inv_x2_[k] = inv_x_[k] * inv_x_[k];
  }
}

void BidiagonalPreconditioner::solve_m(const double* y, double* z) const {
  const long m = slot_size();
  t_->apply(y, z, inv_x_.data());
  for (int i = 1; i < nt_; ++i) {
    add_fields(z + (i - 1) * m, y + i * m, z + i * m, m);
    t_->apply(z + i * m, z + i * m, inv_x_.data());
  }
}

void BidiagonalPreconditioner::solve_mt(const double* y, double* w) const {
  const long m = slot_size();
  const int last = nt_ - 1;
  t_->apply(y + last * m, w + last * m, inv_x_.data());
  for (int i = last - 1; i >= 0; --i) {
    add_fields(w + (i + 1) * m, y + i * m, w + i * m, m);
    t_->apply(w + i * m, w + i * m, inv_x_.data());
  }
}

void BidiagonalPreconditioner::solve_g(const double* y, double* w) const {
  const long m = slot_size();
  const int last = nt_ - 1;
  // Forward sweep up to slot nt-1 without its last X^{-1} ...
  if (nt_ == 1) {
    t_->apply(y, w, inv_x2_.data());
    return;
  }
  t_->apply(y, w, inv_x_.data());
  for (int i = 1; i < last; ++i) {
    add_fields(w + (i - 1) * m, y + i * m, w + i * m, m);
    t_->apply(w + i * m, w + i * m, inv_x_.data());
  }
  add_fields(w + (last - 1) * m, y + last * m, w + last * m, m);
  // ... fused with the first backward solve: W_nt = X^{-2}(Z_{nt-1} + Y_nt).
  t_->apply(w + last * m, w + last * m, inv_x2_.data());
  // Backward sweep; slot i still holds Z_i from the forward sweep.
  for (int i = last - 1; i >= 0; --i) {
    add_fields(w + (i + 1) * m, w + i * m, w + i * m, m);
    t_->apply(w + i * m, w + i * m, inv_x_.data());
  }
}

void BidiagonalPreconditioner::apply_x_inverse(const double* in, double* out, int power) const {
  WPROX_REQUIRE(power == 1 || power == 2, InputError, "preconditioner: X^-" << power << " (1 or 2 allowed)");
  t_->apply(in, out, power == 1 ? inv_x_.data() : inv_x2_.data());
}

void BidiagonalPreconditioner::apply_m(const double* z, double* y) const {
  const long m = slot_size();
  // Top-down would overwrite Z_{i-1} before it is used when y aliases z, so
  // go bottom-up: Y_i = X Z_i - Z_{i-1}.
  for (int i = nt_ - 1; i >= 0; --i) {
    t_->apply(z + i * m, y + i * m, xhat_.data());
    if (i > 0) {
      const double* prev = z + (i - 1) * m;
      double* yi = y + i * m;
      parallel_for(
          m,
          [&](long a, long b) {
            for (long k = a; k < b; ++k) yi[k] -= prev[k];
          },
          4096);
    }
  }
}

}  // namespace wprox
