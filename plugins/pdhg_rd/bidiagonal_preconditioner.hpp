#pragma once
// The block preconditioner of the time-implicit reaction–diffusion solvers
// (docs/reaction-diffusion.md), for a window of nt time slots of one grid field each.
//
//   M = [ X            ]        X diagonal in the transform basis of `t`,
//       [ -I  X        ]        with symbol xhat (one real per mode, > 0).
//       [     .   .    ]
//       [        -I  X ]
//
// solve_m:  Z = M^{-1} Y   forward sweep  Z_1 = X^{-1} Y_1, Z_i = X^{-1}(Z_{i-1} + Y_i)
// solve_mt: W = M^{-T} Y   backward sweep W_nt = X^{-1} Y_nt, W_i = X^{-1}(W_{i+1} + Y_i)
// solve_g:  W = G^{-1} Y with G = M M^T, i.e. M^{-T} M^{-1} Y, by
//           solve_g_spectrum: nt forward and nt inverse transforms.
// apply_m:  Y = M Z (for checks).
// solve_g_spectrum: G^{-1} on the slots' spectra. X is one number per mode,
//           so each mode's sweeps are a bidiagonal solve of nt unknowns:
//           Z_i = X^{-1}(Z_{i-1} + Y_i) for i < nt, W_nt = X^{-2}(Z_{nt-1} + Y_nt)
//           (the last forward and first backward solve fused), and
//           W_i = X^{-1}(W_{i+1} + Z_i). With the slots transformed once
//           forward and once back, G^{-1} costs nt transform pairs instead
//           of the 2 nt - 1 applications of the sweeps done slot by slot in
//           real space. symbol_values() gives X^{-1}, X^{-2} per spectrum
//           value, for solvers that run these recurrences fused with their
//           own passes.
//
// Arrays are nt consecutive fields (nt * n * n doubles, whole-grid layout);
// across ranks every function reads and writes this rank's slab of each
// slot only (wprox/slab_transform.hpp) and is collective. In and out may be
// the same array for every function. One spectral application is one
// forward and one inverse transform (SlabTransform::apply); the functions
// are const, and with one rank may be called from several threads at once.
#include <memory>
#include <vector>

#include "wprox/slab_transform.hpp"

namespace wprox {

class BidiagonalPreconditioner {
 public:
  // InputError when xhat has the wrong size or a non-positive entry.
  // xhat holds the transform's local modes.
  BidiagonalPreconditioner(std::shared_ptr<const SlabTransform> t, const std::vector<double>& xhat, int nt);

  int slots() const { return nt_; }
  long slot_size() const { return t_->grid().size(); }
  long size() const { return slot_size() * nt_; }
  const SlabTransform& transform() const { return *t_; }

  void solve_m(const double* y, double* z) const;
  void solve_mt(const double* y, double* w) const;
  void solve_g(const double* y, double* w) const;
  void apply_m(const double* z, double* y) const;
  // Values [v0, v1) of `spectra`, nt spectra `stride` doubles apart (the
  // slots' unnormalized forward transforms, this rank's share,
  // transform().spectrum_size() values each): replaced by those of G^{-1}
  // in the same, unnormalized, units. Blocks are independent: several
  // threads may work on disjoint blocks.
  void solve_g_spectrum(double* spectra, long stride, long v0, long v1) const;
  // X^{-power} (power 1 or 2) at each of transform().spectrum_size() values.
  const double* symbol_values(int power) const { return power == 1 ? inv_x_value_.data() : inv_x2_value_.data(); }

 private:
  // out = m .* in on this rank's slab of one slot.
  void apply(const double* in, double* out, const double* m) const { t_->apply(in + off_, out + off_, m); }
  void add_slots(const double* a, const double* b, double* acc) const;
  std::shared_ptr<const SlabTransform> t_;
  long off_ = 0, count_ = 0;  // the slab within a slot
  std::vector<double> xhat_, inv_x_;
  // X^{-1} and X^{-2} per spectrum value (mode_width() values per mode).
  std::vector<double> inv_x_value_, inv_x2_value_;
  int nt_;
};

}  // namespace wprox
