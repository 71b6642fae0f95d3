#include "bidiagonal_preconditioner.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

#include "row_passes.hpp"

namespace wprox {
// acc = a + b on the slab (parallel, order-independent).
void BidiagonalPreconditioner::add_slots(const double* a, const double* b, double* acc) const {
  const long off = off_;
  parallel_for(
      count_,
      [&](long i0, long i1) {
        for (long i = off + i0; i < off + i1; ++i) acc[i] = a[i] + b[i];
      },
      4096);
}

BidiagonalPreconditioner::BidiagonalPreconditioner(std::shared_ptr<const SlabTransform> t,
                                                   const std::vector<double>& xhat, int nt)
    : t_(std::move(t)), off_(t_->row_begin() * t_->grid().n(1)), count_(t_->local_size()), xhat_(xhat), nt_(nt) {
  WPROX_REQUIRE(nt >= 1, InputError, "preconditioner: nt = " << nt << " must be at least 1");
  WPROX_REQUIRE(
      long(xhat.size()) == t_->local_modes(), DimensionMismatch,
      "preconditioner: symbol has " << xhat.size() << " entries, the transform has " << t_->local_modes() << " modes");
  inv_x_.resize(xhat.size());
  for (std::size_t k = 0; k < xhat.size(); ++k) {
    WPROX_REQUIRE(xhat[k] > 0.0 && std::isfinite(xhat[k]), InputError,
                  "preconditioner: symbol X^ = " << xhat[k] << " at mode " << k
                                                 << " is not positive (time step too large for this model?)");
    inv_x_[k] = 1.0 / xhat[k];
  }
  const int width = t_->mode_width();
  inv_x_value_.resize(std::size_t(t_->spectrum_size()));
  inv_x2_value_.resize(inv_x_value_.size());
  for (std::size_t v = 0; v < inv_x_value_.size(); ++v) {
    inv_x_value_[v] = inv_x_[v / std::size_t(width)];
    inv_x2_value_[v] = inv_x_value_[v] * inv_x_value_[v];
  }
}

void BidiagonalPreconditioner::solve_g_spectrum(double* spectra, long stride, long v0, long v1) const {
  const long S = stride, n = v1 - v0;
  const double* a = inv_x_value_.data() + v0;
  const double* a2 = inv_x2_value_.data() + v0;
  const pdhg_rd::RowPasses& pass = pdhg_rd::row_passes();
  auto slot = [&](int i) { return spectra + i * S + v0; };
  const int last = nt_ - 1;
  // The sweeps of solve_g, value by value: Z_i = X^{-1}(Z_{i-1} + Y_i) up
  // to slot nt - 1, W_nt = X^{-2}(Z_{nt-1} + Y_nt), W_i = X^{-1}(W_{i+1} + Z_i).
  for (int i = 0; i < last; ++i) pass.sweep(a, i > 0 ? slot(i - 1) : nullptr, slot(i), n);
  pass.sweep(a2, last > 0 ? slot(last - 1) : nullptr, slot(last), n);
  for (int i = last - 1; i >= 0; --i) pass.sweep(a, slot(i + 1), slot(i), n);
}

void BidiagonalPreconditioner::solve_m(const double* y, double* z) const {
  const long m = slot_size();
  apply(y, z, inv_x_.data());
  for (int i = 1; i < nt_; ++i) {
    add_slots(z + (i - 1) * m, y + i * m, z + i * m);
    apply(z + i * m, z + i * m, inv_x_.data());
  }
}

void BidiagonalPreconditioner::solve_mt(const double* y, double* w) const {
  const long m = slot_size();
  const int last = nt_ - 1;
  apply(y + last * m, w + last * m, inv_x_.data());
  for (int i = last - 1; i >= 0; --i) {
    add_slots(w + (i + 1) * m, y + i * m, w + i * m);
    apply(w + i * m, w + i * m, inv_x_.data());
  }
}

void BidiagonalPreconditioner::solve_g(const double* y, double* w) const {
  const long m = slot_size(), S = t_->spectrum_size();
  const double scale = t_->scale();
  std::vector<double> spectra(std::size_t(S) * std::size_t(nt_));
  for (int i = 0; i < nt_; ++i) t_->forward(y + i * m + off_, spectra.data() + i * S);
  parallel_for(
      (S + 511) / 512,
      [&](long b0, long b1) {
        for (long b = b0; b < b1; ++b) {
          const long v0 = b * 512, v1 = std::min(S, v0 + 512);
          solve_g_spectrum(spectra.data(), S, v0, v1);
          for (int i = 0; i < nt_; ++i)
            for (long v = v0; v < v1; ++v) spectra[std::size_t(i * S + v)] *= scale;
        }
      },
      4);
  for (int i = 0; i < nt_; ++i) t_->inverse(spectra.data() + i * S, w + i * m + off_);
}

void BidiagonalPreconditioner::apply_m(const double* z, double* y) const {
  const long m = slot_size();
  // Top-down would overwrite Z_{i-1} before it is used when y aliases z, so
  // go bottom-up: Y_i = X Z_i - Z_{i-1}.
  for (int i = nt_ - 1; i >= 0; --i) {
    apply(z + i * m, y + i * m, xhat_.data());
    if (i > 0) {
      const double* prev = z + (i - 1) * m;
      double* yi = y + i * m;
      const long off = off_;
      parallel_for(
          count_,
          [&](long a, long b) {
            for (long k = off + a; k < off + b; ++k) yi[k] -= prev[k];
          },
          4096);
    }
  }
}

}  // namespace wprox
