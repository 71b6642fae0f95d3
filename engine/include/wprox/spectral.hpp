#pragma once
// Diagonal (multiplier) operators in the Fourier / cosine basis of a
// TensorGrid, by FFTW: the engine's one spectral transform.
//
// Along each axis the basis is the eigenbasis of the axis' second difference
// (see wprox/grid.hpp): Fourier modes on a periodic axis, DCT-II cosine modes
// on a Neumann axis. So every function of the per-axis eigenvalues is one
// real number per mode, a "multiplier", and
//
//   apply(in, out, m):  out = T^{-1}(m .* T(in)),
//
// normalized so that m = 1 is the identity. in and out hold grid().size()
// values and may be the same array; m holds modes() values.
//
// Mode layout (row-major over the axes, the last fastest):
//   every axis periodic: the r2c half spectrum, n_0 x ... x (n_last / 2 + 1);
//   otherwise: n_0 x ... x n_last, with a periodic axis in half-complex order
//     (positions k and n - k hold the cosine and sine parts of frequency
//     min(k, n - k), which share the eigenvalue of position k).
// axis_symbol(a)[m] is the eigenvalue of axis a's second difference at mode
// m, for every mode: build any multiplier from it (laplacian_symbol() is the
// sum over axes).
//
// Plans are made once per transform, measured once per machine and shape
// and kept in a wisdom file so that every process on the machine makes the
// same plan and gets the same bits (WPROX_FFTW_WISDOM: where, or "estimate"
// for plans from the shape alone, the same on every machine), under the
// engine's FFTW planner lock, and executed with the new-array interface on per-thread
// scratch: apply() may be called from several threads at once.
//
// forward() and inverse() expose the two halves for callers that do more
// than one multiplication between them (a sweep over several fields, say):
// forward writes the unnormalized spectrum, spectrum_size() doubles, value v
// belonging to mode v / mode_width() (2 doubles, re and im, per r2c mode; 1
// per mode otherwise), and inverse(scale() * forward(x)) = x.
#include <memory>
#include <vector>

#include "wprox/grid.hpp"

namespace wprox {

class SpectralTransform {
 public:
  explicit SpectralTransform(const TensorGrid& grid);
  ~SpectralTransform();
  SpectralTransform(const SpectralTransform&) = delete;
  SpectralTransform& operator=(const SpectralTransform&) = delete;

  const TensorGrid& grid() const { return grid_; }
  long modes() const { return modes_; }
  void apply(const double* in, double* out, const double* multiplier) const;

  int mode_width() const { return r2c_ ? 2 : 1; }
  long spectrum_size() const { return modes_ * mode_width(); }
  double scale() const { return scale_; }
  // spectrum = T(in), unnormalized; in is left as it is.
  void forward(const double* in, double* spectrum) const;
  // out = T^{-1}(spectrum), unnormalized; spectrum's values are lost.
  void inverse(double* spectrum, double* out) const;

  std::vector<double> axis_symbol(int axis) const;
  std::vector<double> laplacian_symbol() const;

 private:
  struct Plans;
  TensorGrid grid_;
  bool r2c_ = false;              // every axis periodic
  std::vector<int> mode_extent_;  // modes per axis
  long modes_ = 0;
  double scale_ = 1.0;  // 1 / (the unnormalized transform pair's factor)
  std::unique_ptr<Plans> plans_;
};

}  // namespace wprox
