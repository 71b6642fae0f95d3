#pragma once
// Uniform 2-D grids and fields on them.
//
// A Grid2D has n points per side on a square of side `length`.
// Periodic: x_i = i * h, h = length / n (the point x = length is x_0 again).
// Neumann (reflecting): cell centres x_i = (i + 1/2) * h, h = length / n.
// Field values are stored row-major, value(i, j) = data[i * n + j], with i
// the first coordinate (x) and j the second (y).
#include <string>
#include <vector>

namespace wprox {

enum class Boundary { Periodic, Neumann };
Boundary parse_boundary(const std::string& s);  // InputError if not periodic|neumann
const char* to_string(Boundary b);

struct Grid2D {
  int n = 0;
  double length = 1.0;
  Boundary boundary = Boundary::Periodic;

  double h() const { return length / n; }
  double coord(int i) const { return boundary == Boundary::Periodic ? i * h() : (i + 0.5) * h(); }
  long size() const { return long(n) * n; }
};

struct Field {
  Grid2D grid;
  std::vector<double> data;  // n * n

  Field() = default;
  explicit Field(const Grid2D& g) : grid(g), data(g.size(), 0.0) {}
  double& operator()(int i, int j) { return data[long(i) * grid.n + j]; }
  double operator()(int i, int j) const { return data[long(i) * grid.n + j]; }
};

}  // namespace wprox
