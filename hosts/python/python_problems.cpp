#include "python_problems.hpp"

#include <cmath>

namespace wprox::python {
namespace {

// The cell centres target_grid_density() (the sampling kit) evaluates V at,
// x0 + (i + 1/2) dx, rounded as the kit may round them: the compiler may
// fuse the multiply-add there (one rounding) or not (two), so both are
// kept. Only speed depends on this: a point that does not match is a cache
// miss, served like any other.
double cell_centre(double x0, double i, double dx, bool fused) {
  if (fused) return std::fma(i + 0.5, dx, x0);
  volatile double offset = (i + 0.5) * dx;  // rounded on its own: no fusing
  return x0 + offset;
}

Particles grid_points(const Box& box, long n, bool fused) {
  const double x0 = box.lo[0], x1 = box.hi[0], y0 = box.lo[1], y1 = box.hi[1];
  const double dx = (x1 - x0) / n, dy = (y1 - y0) / n;
  Particles P(n * n, 2);
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < n; ++i) {
      P(j * n + i, 0) = cell_centre(x0, double(i), dx, fused);
      P(j * n + i, 1) = cell_centre(y0, double(j), dy, fused);
    }
  return P;
}

// The kit's grids: 64 cells a side for the KL/TV diagnostics, 96 for the
// particle picture's contours.
constexpr long kGridSizes[] = {64, 96};

}  // namespace

PythonTarget::PythonTarget(std::string name, std::shared_ptr<PythonPotential> V, std::optional<Box> box)
    : name_(std::move(name)), V_(std::move(V)), box_(std::move(box)) {
  if (box_ && V_->dim() == 2)
    for (long n : kGridSizes)
      for (bool fused : {false, true}) V_->pin_values(grid_points(*box_, n, fused));
}

std::optional<Moments> PythonTarget::exact_moments(double beta) const {
  auto it = moments_.find(beta);
  if (it == moments_.end()) return std::nullopt;
  return it->second;
}

}  // namespace wprox::python
