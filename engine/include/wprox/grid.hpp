#pragma once
// Tensor-product grids and fields on them: the one grid noun of wprox.
//
// A TensorGrid has 1 to 3 axes, each with n points on [lo, hi] and its own
// boundary condition:
//   periodic: x_j = lo + j h,         h = (hi - lo) / n (x = hi is x_0 again)
//   Neumann (reflecting): cell centres x_j = lo + (j + 1/2) h.
// Values are stored row-major, the last axis fastest: on a 2-D grid
// value(i, j) = data[i * n_1 + j], i along axis 0 (x) and j along axis 1 (y).
//
// The second difference along an axis, (u_{j+1} - 2 u_j + u_{j-1}) / h^2 with
// the periodic wrap or the reflected ghost value (u_{-1} = u_0,
// u_n = u_{n-1}), has the eigenvalues laplacian_eigenvalue(k):
//   periodic: (2 cos(2 pi k / n) - 2) / h^2   (Fourier mode k)
//   Neumann:  -(4 / h^2) sin^2(pi k / (2 n))  (cosine mode k, DCT-II)
// which the spectral transform (wprox/spectral.hpp) diagonalizes.
#include <string>
#include <vector>

namespace wprox {

enum class Boundary { Periodic, Neumann };
Boundary parse_boundary(const std::string& s);  // InputError if not periodic|neumann
const char* to_string(Boundary b);

struct GridAxis {
  int n = 0;
  double lo = 0.0, hi = 1.0;
  Boundary boundary = Boundary::Periodic;
  std::string name = "x";  // for labels and table columns

  double length() const { return hi - lo; }
  double h() const { return length() / n; }
  double coord(int j) const { return boundary == Boundary::Periodic ? lo + j * h() : lo + (j + 0.5) * h(); }
  double laplacian_eigenvalue(int k) const;
};

class TensorGrid {
 public:
  TensorGrid() = default;
  // 1 to 3 axes with n >= 2 and hi > lo (InputError otherwise).
  explicit TensorGrid(std::vector<GridAxis> axes);
  // The square [0, length]^2 with n points per side and one boundary: the
  // grids of the reaction-diffusion problems (axes named x and y).
  static TensorGrid square(int n, double length, Boundary boundary);

  int dim() const { return int(axes_.size()); }
  const GridAxis& axis(int a) const { return axes_[std::size_t(a)]; }
  const std::vector<GridAxis>& axes() const { return axes_; }
  long size() const { return size_; }
  // Index step between neighbours along axis a.
  long stride(int a) const { return strides_[std::size_t(a)]; }

  // Shorthands for axis a (axis 0 by default: square grids).
  int n(int a = 0) const { return axis(a).n; }
  double h(int a = 0) const { return axis(a).h(); }
  double length(int a = 0) const { return axis(a).length(); }
  Boundary boundary(int a = 0) const { return axis(a).boundary; }
  double coord(int a, int j) const { return axis(a).coord(j); }
  // True when every axis has the same spacing, size and boundary.
  bool is_cube() const;

 private:
  std::vector<GridAxis> axes_;
  std::vector<long> strides_;
  long size_ = 0;
};

struct Field {
  TensorGrid grid;
  std::vector<double> data;  // grid.size() values

  Field() = default;
  explicit Field(const TensorGrid& g) : grid(g), data(std::size_t(g.size()), 0.0) {}
  double& operator()(int i, int j) { return data[std::size_t(long(i) * grid.stride(0) + j)]; }
  double operator()(int i, int j) const { return data[std::size_t(long(i) * grid.stride(0) + j)]; }
};

}  // namespace wprox
