#pragma once
// The spectral multiplier operators of wprox/spectral.hpp on a 2-D field
// split across the ranks of a Communicator in slabs of whole rows (axis 0):
// rank r owns rows [row_begin(), row_end()) and holds their values only.
//
//   apply(in, out, m):  out = T^{-1}(m .* T(in)) on the whole field,
//
// where in and out are this rank's slab (rows() * grid().n(1) doubles,
// row-major; they may be the same array) and m holds this rank's share of
// the modes (local_modes() values, laid out as the implementation likes:
// build them from laplacian_symbol() / axis_symbol(), which are in the same
// layout). apply() is collective: every rank calls it, in the same order,
// from one thread.
//
//   forward(in, s):  s = T(in), unnormalized, this rank's share of the
//                    spectrum: spectrum_size() doubles, value v belonging to
//                    mode v / mode_width() of the multiplier layout;
//   inverse(s, out): out = T^{-1}(s) on this rank's slab; s's values are lost;
//
// with inverse(scale() * forward(x)) = x: for callers that do more between
// the halves than one multiplication (a sweep over several fields that
// transforms each field once). Both are collective, as apply() is.
//
// Obtained from Communicator::slab_transform(grid): one rank gets the
// serial SpectralTransform over the whole grid (the same bits as using it
// directly); MPI ranks get FFTW-MPI transforms (libwprox_mpi), whose slabs
// follow FFTW's own split (ceil(n0 / ranks) rows each from rank 0 on, so the
// last ranks may hold fewer rows, or none).
#include <memory>
#include <vector>

#include "wprox/grid.hpp"

namespace wprox {

class SlabTransform {
 public:
  virtual ~SlabTransform() = default;
  const TensorGrid& grid() const { return grid_; }
  long row_begin() const { return row_begin_; }
  long row_end() const { return row_end_; }
  long rows() const { return row_end_ - row_begin_; }
  // Doubles in this rank's slab.
  long local_size() const { return rows() * grid_.n(1); }
  virtual long local_modes() const = 0;
  virtual void apply(const double* in, double* out, const double* multiplier) const = 0;
  virtual int mode_width() const = 0;
  long spectrum_size() const { return local_modes() * mode_width(); }
  virtual double scale() const = 0;
  virtual void forward(const double* in, double* spectrum) const = 0;
  virtual void inverse(double* spectrum, double* out) const = 0;
  // Eigenvalues of axis a's second difference at this rank's modes.
  virtual std::vector<double> axis_symbol(int axis) const = 0;
  std::vector<double> laplacian_symbol() const {
    std::vector<double> lam = axis_symbol(0);
    const std::vector<double> l1 = axis_symbol(1);
    for (std::size_t k = 0; k < lam.size(); ++k) lam[k] += l1[k];
    return lam;
  }

 protected:
  // InputError unless grid is 2-D.
  SlabTransform(const TensorGrid& grid, long row_begin, long row_end);

 private:
  TensorGrid grid_;
  long row_begin_, row_end_;
};

// The one-rank slab: the whole grid through SpectralTransform.
std::shared_ptr<const SlabTransform> serial_slab_transform(const TensorGrid& grid);

}  // namespace wprox
