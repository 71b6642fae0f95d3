// wrap_periodic and projection_note (wprox/picture_helpers.hpp).
#include <doctest/doctest.h>

#include <cmath>

#include <wprox/picture_helpers.hpp>

using namespace wprox;

namespace {

// Pieces of a curve: runs of finite points.
int pieces(const Layer& l) {
  int n = 0;
  bool in = false;
  for (std::size_t k = 0; k < l.x.size(); ++k) {
    const bool f = std::isfinite(l.x[k]) && std::isfinite(l.y[k]);
    if (f && !in) ++n;
    in = f;
  }
  return n;
}

// The longest segment between consecutive finite points, per axis.
void longest(const Layer& l, double& dx, double& dy) {
  dx = dy = 0;
  for (std::size_t k = 1; k < l.x.size(); ++k) {
    if (!(std::isfinite(l.x[k]) && std::isfinite(l.x[k - 1]) && std::isfinite(l.y[k]) && std::isfinite(l.y[k - 1])))
      continue;
    dx = std::max(dx, std::fabs(l.x[k] - l.x[k - 1]));
    dy = std::max(dy, std::fabs(l.y[k] - l.y[k - 1]));
  }
}

}  // namespace

TEST_CASE("a curve crossing the sides of a periodic box is drawn inside it, in pieces") {
  Layer c;
  c.kind = Layer::Kind::Curve;
  // In [0, 2) x [-1, 1), steps shorter than half the domain (as a path's
  // are): out through x = 2, later through x = 4 and y = -1 in one step (a
  // corner), then a step that stays inside.
  c.x = {1.6, 2.3, 3.0, 3.8, 4.3, 5.2};
  c.y = {0.0, 0.1, -0.4, -0.8, -1.3, -1.4};
  PeriodicBox box{0.0, 2.0, -1.0, 1.0, true, true};
  wrap_periodic(c, box);
  for (std::size_t k = 0; k < c.x.size(); ++k) {
    if (!std::isfinite(c.x[k])) continue;
    CHECK(c.x[k] >= -1e-12);
    CHECK(c.x[k] <= 2.0 + 1e-12);
    CHECK(c.y[k] >= -1.0 - 1e-12);
    CHECK(c.y[k] <= 1.0 + 1e-12);
  }
  double dx, dy;
  longest(c, dx, dy);
  CHECK(dx <= 1.0);  // half the domain
  CHECK(dy <= 1.0);
  // Three crossings (x = 2, x = 4, y = -1): four pieces.
  CHECK(pieces(c) == 4);
  // The ends are the original ends brought into the box.
  CHECK(c.x.front() == doctest::Approx(1.6));
  CHECK(c.x.back() == doctest::Approx(1.2));
  CHECK(c.y.back() == doctest::Approx(0.6));
}

TEST_CASE("wrapping leaves a curve inside the box and a non-periodic axis alone") {
  Layer c;
  c.kind = Layer::Kind::Curve;
  c.x = {0.1, 0.5, 0.9};
  c.y = {-3.0, 0.0, 7.0};  // far outside [0, 1) in y, which does not wrap
  const Layer before = c;
  wrap_periodic(c, PeriodicBox{0.0, 1.0, 0.0, 1.0, true, false});
  CHECK(c.x == before.x);
  CHECK(c.y == before.y);
  CHECK(pieces(c) == 1);

  // Going left across x = 0 comes back in at x = 1.
  Layer d;
  d.x = {0.2, -0.2};
  d.y = {0.5, 0.5};
  wrap_periodic(d, PeriodicBox{0.0, 1.0, 0.0, 1.0, true, false});
  CHECK(pieces(d) == 2);
  CHECK(d.x.back() == doctest::Approx(0.8));
  double dx, dy;
  longest(d, dx, dy);
  CHECK(dx <= 0.5);
}

TEST_CASE("a scatter of d > 2 points names its projection") {
  CHECK(projection_note(0, 1, 2).empty());
  CHECK(projection_note(0, 1, 10) == "coordinates 1-2 of 10");
  CHECK(projection_note(2, 3, 4) == "coordinates 3-4 of 4");
}

TEST_CASE("a path that blows up breaks the curve instead of being walked through every copy") {
  Layer c;
  c.x = {0.5, 1e20, 1e20 + 1e5, 0.7, 1e300};
  c.y = {0.5, 0.5, 0.5, 0.5, 0.5};
  wrap_periodic(c, PeriodicBox{0.0, 1.0, 0.0, 1.0, true, false});
  CHECK(c.x.size() <= 10);
  // Every drawn point is still in the box (far out, the copy is rounded).
  for (double x : c.x)
    if (std::isfinite(x)) CHECK(std::fabs(x) <= 1e5);
  CHECK(c.x.front() == doctest::Approx(0.5));
}
