#pragma once
// Helpers for methods that describe pictures (wprox/results.hpp).
//
// Conventions the renderer follows: a curve is broken in two at a
// non-finite point; a layer's label is its legend entry (a filled layer's
// drawn as a colour patch), and a heatmap's label also names its colour bar.
#include <string>

#include "wprox/results.hpp"

namespace wprox {

// Draws a curve on a periodic domain the way the domain is: every point is
// brought into [x0, x1) (if wrap_x) and [y0, y1) (if wrap_y), and where the
// path leaves through one side it ends on that side and goes on from the
// opposite side (a non-finite point between the two pieces), so that no
// segment spans the domain. The data of a run keep the continuous path.
struct PeriodicBox {
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool wrap_x = true, wrap_y = true;
};
void wrap_periodic(Layer& curve, const PeriodicBox& box);

// For a scatter of coordinates i and j (0-based) of points in `dim`
// dimensions, the words that say which projection it is, e.g.
// "coordinates 1-2 of 10"; empty when dim <= 2 (nothing is hidden).
std::string projection_note(int i, int j, long dim);

}  // namespace wprox
