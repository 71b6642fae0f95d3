#pragma once
// Diagonal (multiplier) operators in the Fourier or cosine basis, by FFTW.
//
// SpectralTransform2D owns the FFTW plans for one grid shape: r2c/c2r for
// periodic grids, DCT-II (REDFT10) / DCT-III (REDFT01) for Neumann grids. The
// plans are made once, under a lock (FFTW planning is not thread-safe), and
// executed with the new-array interface, which is: apply() may be called
// from several threads at once.
//
// A multiplier is a real array over the transform's modes, laid out
// mode_index(k1, k2) = k1 * modes_y() + k2 with
//   periodic: k1 in [0, n), k2 in [0, n/2] (r2c half spectrum)
//   Neumann:  k1, k2 in [0, n)
// apply(in, out, m) computes out = T^{-1}(m .* T(in)), normalized so that
// m = 1 is the identity. in and out may be the same array.
#include <memory>
#include <vector>

#include "wprox/grid.hpp"

namespace wprox {

class SpectralTransform2D {
 public:
  explicit SpectralTransform2D(const Grid2D& grid);
  ~SpectralTransform2D();
  SpectralTransform2D(const SpectralTransform2D&) = delete;
  SpectralTransform2D& operator=(const SpectralTransform2D&) = delete;

  const Grid2D& grid() const { return grid_; }
  int modes_x() const;
  int modes_y() const;
  long modes() const { return long(modes_x()) * modes_y(); }
  void apply(const double* in, double* out, const double* multiplier) const;

  // The eigenvalues of the 5-point Laplacian (with the grid's boundary
  // condition) in this transform's mode layout:
  //   periodic: lambda_k = (2 cos(2 pi k / n) - 2) / h^2 per axis
  //   Neumann:  lambda_k = -(4 / h^2) sin^2(pi k / (2 n)) per axis
  std::vector<double> laplacian_symbol() const;

 private:
  struct Plans;
  Grid2D grid_;
  std::unique_ptr<Plans> plans_;
};

// The 5-point Laplacian applied directly in grid space (periodic wrap or
// reflection), for checks and for residuals.
void laplacian_5pt(const Grid2D& g, const double* u, double* out);

}  // namespace wprox
