#pragma once
// Comparing a solution on a coarse grid with a reference on a nested finer
// grid: the error measure of grid-convergence studies (relative l1 over the
// space-time grid).
//
// Arrays are C order with one extent per axis. How coarse nodes sit on the
// fine grid depends on the axis:
//   PeriodicNodes: x_i = i h (periodic); coarse node i is fine node m i,
//                  m = fine / coarse.
//   Endpoints:     levels including both ends (t_k = k T / (n - 1)); coarse
//                  level k is fine level m k, m = (fine - 1) / (coarse - 1).
//   CellCentres:   x_i = (i + 1/2) h (Neumann); coarse centre i lies at fine
//                  centre m i + (m - 1)/2, or between m i + m/2 - 1 and
//                  m i + m/2 when m is even (their average is used).
// Extents that do not nest that way are a DimensionMismatch.
#include <vector>

namespace wprox {

struct NestedAxis {
  enum class Kind { PeriodicNodes, Endpoints, CellCentres };
  Kind kind;
  long coarse;  // extent of the coarse array along this axis
  long fine;    // extent of the fine array
};

// sum |c - f| / sum |f| over the coarse nodes (f read on the fine grid as above).
double relative_l1_nested(const double* coarse, const double* fine, const std::vector<NestedAxis>& axes);

}  // namespace wprox
