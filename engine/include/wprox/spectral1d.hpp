#pragma once
// Spectral (Fourier / cosine) multipliers on 1-D grids and on tensor grids
// whose axes have their own size and boundary condition, by FFTW real-to-real
// transforms. SpectralTransform2D (spectral.hpp) covers square grids with one
// boundary for both axes; this class covers what it does not: 1-D grids,
// n_x != n_y, and mixed boundaries (e.g. Neumann in v, periodic in y).
//
// Along each axis the transform is
//   periodic: R2HC / HC2R (half-complex DFT), x_j = x0 + j h
//   Neumann:  REDFT10 / REDFT01 (DCT-II / DCT-III), cell centres x_j = x0 + (j + 1/2) h
// and on a 2-D grid the plan is the separable product of the two 1-D
// transforms. Each 1-D basis function (cos / sin of one frequency, or one
// cosine mode) is an eigenvector of the 3-point second difference with the
// axis' boundary condition, so every function of the per-axis eigenvalues is
// diagonal in this basis: a multiplier is one real number per mode.
//
// Layout: values and multipliers are row-major over the axes, index
// (k_0 * n_1 + k_1) on a 2-D grid, with mode k of a periodic axis at
// half-complex position k (the position k and n - k hold the cosine and sine
// parts of frequency min(k, n - k)).
//
// Plans are made once in the constructor under a lock (FFTW planning is not
// thread-safe) and executed with the new-array interface on a scratch buffer
// owned by the call, so apply() may be called from several threads at once.
#include <memory>
#include <vector>

#include "wprox/grid.hpp"

namespace wprox {

struct SpectralAxis {
  int n = 0;            // points on this axis, >= 1
  double h = 1.0;       // grid spacing
  Boundary boundary = Boundary::Periodic;
};

class SeparableSpectralTransform {
 public:
  // One or two axes (InputError otherwise, or for n < 1, h <= 0).
  explicit SeparableSpectralTransform(std::vector<SpectralAxis> axes);
  ~SeparableSpectralTransform();
  SeparableSpectralTransform(const SeparableSpectralTransform&) = delete;
  SeparableSpectralTransform& operator=(const SeparableSpectralTransform&) = delete;

  const std::vector<SpectralAxis>& axes() const { return axes_; }
  long size() const { return size_; }  // number of grid values = number of modes

  // out = T^{-1}(m .* T(in)), normalized so that m = 1 is the identity.
  // in and out hold size() values and may be the same array.
  void apply(const double* in, double* out, const double* multiplier) const;

  // Eigenvalues of the 3-point second difference of one axis, by mode:
  //   periodic: (2 cos(2 pi k / n) - 2) / h^2
  //   Neumann:  -(4 / h^2) sin^2(pi k / (2 n))
  std::vector<double> axis_laplacian_symbol(int axis) const;
  // The sum over axes (the symbol of the 3- or 5-point Laplacian), by mode.
  std::vector<double> laplacian_symbol() const;

 private:
  struct Plans;
  std::vector<SpectralAxis> axes_;
  long size_ = 0;
  double scale_ = 1.0;  // 1 / (product over axes of n (periodic) or 2 n (Neumann))
  std::unique_ptr<Plans> plans_;
};

}  // namespace wprox
