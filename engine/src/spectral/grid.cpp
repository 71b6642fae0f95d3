#include "wprox/grid.hpp"

#include <cmath>

#include "wprox/errors.hpp"

namespace wprox {

Boundary parse_boundary(const std::string& s) {
  if (s == "periodic") return Boundary::Periodic;
  if (s == "neumann") return Boundary::Neumann;
  throw InputError("unknown boundary '" + s + "'; allowed: periodic, neumann");
}

const char* to_string(Boundary b) { return b == Boundary::Periodic ? "periodic" : "neumann"; }

double GridAxis::laplacian_eigenvalue(int k) const {
  const double hh = h() * h();
  if (boundary == Boundary::Periodic) return (2.0 * std::cos(2.0 * M_PI * k / n) - 2.0) / hh;
  const double s = std::sin(M_PI * k / (2.0 * n));
  return -4.0 / hh * s * s;
}

TensorGrid::TensorGrid(std::vector<GridAxis> axes) : axes_(std::move(axes)) {
  WPROX_REQUIRE(!axes_.empty() && axes_.size() <= 3, InputError,
                "grid: " << axes_.size() << " axes given, 1 to 3 allowed");
  size_ = 1;
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    const GridAxis& ax = axes_[a];
    WPROX_REQUIRE(ax.n >= 2, InputError, "grid: axis " << ax.name << " has n = " << ax.n << ", need n >= 2");
    WPROX_REQUIRE(ax.hi > ax.lo && std::isfinite(ax.hi - ax.lo), InputError,
                  "grid: axis " << ax.name << " is [" << ax.lo << ", " << ax.hi << "], need lo < hi");
    size_ *= ax.n;
  }
  strides_.assign(axes_.size(), 1);
  for (int a = int(axes_.size()) - 2; a >= 0; --a)
    strides_[std::size_t(a)] = strides_[std::size_t(a + 1)] * axes_[std::size_t(a + 1)].n;
}

TensorGrid TensorGrid::square(int n, double length, Boundary boundary) {
  return TensorGrid({GridAxis{n, 0.0, length, boundary, "x"}, GridAxis{n, 0.0, length, boundary, "y"}});
}

bool TensorGrid::is_cube() const {
  for (const GridAxis& ax : axes_)
    if (ax.n != axes_[0].n || ax.h() != axes_[0].h() || ax.boundary != axes_[0].boundary) return false;
  return true;
}

}  // namespace wprox
