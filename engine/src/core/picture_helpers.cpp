// Helpers that methods use to describe pictures: periodic wrapping of
// curves and the naming of scatter projections (wprox/picture_helpers.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/picture_helpers.hpp"

namespace wprox {
namespace {

struct Axis {
  double lo, len;
  bool wrap;
  // Which copy of the domain a coordinate is in (0: the domain itself).
  double cell(double v) const { return wrap ? std::floor((v - lo) / len) : 0.0; }
};

}  // namespace

void wrap_periodic(Layer& curve, const PeriodicBox& box) {
  WPROX_REQUIRE(box.x1 > box.x0 && box.y1 > box.y0, InputError, "wrap_periodic: empty box");
  const Axis ax{box.x0, box.x1 - box.x0, box.wrap_x}, ay{box.y0, box.y1 - box.y0, box.wrap_y};
  const std::size_t n = std::min(curve.x.size(), curve.y.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> xs, ys;
  auto emit = [&](double x, double y, double cx, double cy) {
    xs.push_back(x - cx * ax.len);
    ys.push_back(y - cy * ay.len);
  };
  for (std::size_t k = 0; k < n; ++k) {
    const double bx = curve.x[k], by = curve.y[k];
    const bool finite = std::isfinite(bx) && std::isfinite(by);
    const bool joined = k > 0 && finite && std::isfinite(curve.x[k - 1]) && std::isfinite(curve.y[k - 1]);
    if (!finite) {
      xs.push_back(nan), ys.push_back(nan);
      continue;
    }
    const double px = joined ? curve.x[k - 1] : 0.0, py = joined ? curve.y[k - 1] : 0.0;
    double cx = ax.cell(px), cy = ay.cell(py);
    const double ex = ax.cell(bx), ey = ay.cell(by);
    // A step across more than kMaxCrossings copies of the domain, or so far
    // out that a copy's index is no longer exact (a path that blew up), is
    // not walked side by side: the curve just breaks there.
    constexpr double kMaxCrossings = 64, kFar = 1e12;
    const bool wild = std::fabs(ex - cx) + std::fabs(ey - cy) > kMaxCrossings ||
                      std::max({std::fabs(cx), std::fabs(ex), std::fabs(cy), std::fabs(ey)}) > kFar;
    if (joined && wild) {
      xs.push_back(nan), ys.push_back(nan);
    } else if (joined) {
      // Walk the segment a -> b through every line x = lo + m len (and the
      // same in y) that it crosses, in the order met.
      struct Crossing {
        double t;
        bool in_x;
        double step;
      };
      std::vector<Crossing> cross;
      for (double c = cx; c != ex; c += (ex > c ? 1 : -1)) {
        const double line = ax.lo + (ex > c ? c + 1 : c) * ax.len;
        cross.push_back({(line - px) / (bx - px), true, ex > c ? 1.0 : -1.0});
      }
      for (double c = cy; c != ey; c += (ey > c ? 1 : -1)) {
        const double line = ay.lo + (ey > c ? c + 1 : c) * ay.len;
        cross.push_back({(line - py) / (by - py), false, ey > c ? 1.0 : -1.0});
      }
      std::sort(cross.begin(), cross.end(), [](const Crossing& l, const Crossing& r) { return l.t < r.t; });
      for (const Crossing& c : cross) {
        const double x = px + c.t * (bx - px), y = py + c.t * (by - py);
        emit(x, y, cx, cy);  // the path reaches the side ...
        xs.push_back(nan), ys.push_back(nan);
        (c.in_x ? cx : cy) += c.step;
        emit(x, y, cx, cy);  // ... and comes back in on the opposite one
      }
    }
    emit(bx, by, ax.cell(bx), ay.cell(by));
  }
  curve.x = std::move(xs);
  curve.y = std::move(ys);
}

std::string projection_note(int i, int j, long dim) {
  if (dim <= 2) return "";
  return "coordinates " + std::to_string(i + 1) + "-" + std::to_string(j + 1) + " of " + std::to_string(dim);
}

}  // namespace wprox
