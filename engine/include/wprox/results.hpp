#pragma once
// What a run produces, described as data: named arrays (written as .npy),
// tables (written as .csv) and pictures (rendered by the host). A method
// never writes files itself.
#include <cstddef>
#include <string>
#include <vector>

#include "wprox/data.hpp"

namespace wprox {

struct Array {
  std::string name;                // file stem: "particles" -> particles.npy
  std::vector<std::size_t> shape;  // C order
  std::vector<double> data;
};
Array make_array(const std::string& name, const RowMatrix& m);
Array make_array(const std::string& name, const Vector& v);

struct Table {
  std::string name;  // file stem: "trajectories" -> trajectories.csv
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
};

// One drawable layer of a picture.
struct Layer {
  enum class Kind {
    Points,    // scatter of (x, y)
    Curve,     // polyline through (x, y)
    Heatmap,   // z on a regular grid over [x0, x1] x [y0, y1]
    Contour,   // contour lines of z at `levels` (empty: 8 levels spread over z)
    Ellipses,  // centres (x, y); 2x2 covariances (a, b, c) = (s_xx, s_xy, s_yy)
  };
  Kind kind = Kind::Points;
  std::string label;
  std::vector<double> x, y;
  // grid layers: z is ny x nx row-major, z[j * nx + i] at (x_i, y_j)
  long nx = 0, ny = 0;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  std::vector<double> z, levels;
  std::vector<double> a, b, c;  // ellipses
  int color = 0;                // index into the renderer's palette
};

struct Picture {
  std::string name;  // file stem: "particles" -> particles.svg
  std::string title, xlabel, ylabel;
  std::vector<Layer> layers;
  bool log_y = false;
  bool equal_axes = false;
};

class TensorGrid;
// A heatmap layer of a field on a 2-D grid: the field is stored with axis 0
// (x) slowest, a picture wants rows of constant y; this does the transpose
// and places the cells at the grid's coordinates.
Layer heatmap_layer(const TensorGrid& grid, const double* field, const std::string& label = "");

struct Results {
  std::vector<Array> arrays;
  std::vector<Table> tables;
  std::vector<Picture> pictures;
};

}  // namespace wprox
