// The one-rank SlabTransform: the whole grid is the slab, and the serial
// SpectralTransform does the work (its mode layout is the local one).
#include "wprox/errors.hpp"
#include "wprox/slab_transform.hpp"
#include "wprox/spectral.hpp"

namespace wprox {

SlabTransform::SlabTransform(const TensorGrid& grid, long row_begin, long row_end)
    : grid_(grid), row_begin_(row_begin), row_end_(row_end) {
  WPROX_REQUIRE(grid.dim() == 2, InputError,
                "slab transform: a " << grid.dim() << "-D grid (fields split across ranks are 2-D)");
}

namespace {

class SerialSlabTransform final : public SlabTransform {
 public:
  explicit SerialSlabTransform(const TensorGrid& grid) : SlabTransform(grid, 0, grid.n(0)), t_(grid) {}
  long local_modes() const override { return t_.modes(); }
  void apply(const double* in, double* out, const double* m) const override { t_.apply(in, out, m); }
  int mode_width() const override { return t_.mode_width(); }
  double scale() const override { return t_.scale(); }
  void forward(const double* in, double* spectrum) const override { t_.forward(in, spectrum); }
  void inverse(double* spectrum, double* out) const override { t_.inverse(spectrum, out); }
  std::vector<double> axis_symbol(int axis) const override { return t_.axis_symbol(axis); }

 private:
  SpectralTransform t_;
};

}  // namespace

std::shared_ptr<const SlabTransform> serial_slab_transform(const TensorGrid& grid) {
  return std::make_shared<SerialSlabTransform>(grid);
}

}  // namespace wprox
