#include "grid_compare.hpp"
#include "testing.hpp"

using namespace wprox;
using K = NestedAxis::Kind;

TEST_CASE("relative l1 against a nested fine grid reads the right fine nodes") {
  // Fine periodic grid of 8 nodes, coarse of 4: coarse node i is fine node 2i.
  const double fine[8] = {1, 100, 2, 100, 3, 100, 4, 100};
  const double exact[4] = {1, 2, 3, 4};
  CHECK(relative_l1_nested(exact, fine, {{K::PeriodicNodes, 4, 8}}) == 0.0);
  const double off[4] = {2, 2, 3, 4};  // |2 - 1| / (1 + 2 + 3 + 4)
  CHECK(relative_l1_nested(off, fine, {{K::PeriodicNodes, 4, 8}}) == doctest::Approx(0.1));
  // Time levels with both ends: 3 coarse levels inside 5 fine ones (0, 2, 4).
  const double tf[5] = {1, 9, 2, 9, 3}, tc[3] = {1, 2, 3};
  CHECK(relative_l1_nested(tc, tf, {{K::Endpoints, 3, 5}}) == 0.0);
  // Cell centres, refinement 2: the coarse centre lies between fine cells 2i and 2i + 1.
  const double cf[4] = {1, 3, 5, 7}, cc[2] = {2, 6};
  CHECK(relative_l1_nested(cc, cf, {{K::CellCentres, 2, 4}}) == 0.0);
  // Refinement 3: the coarse centre is fine cell 3i + 1.
  const double cf3[6] = {0, 1, 0, 0, 2, 0}, cc3[2] = {1, 2};
  CHECK(relative_l1_nested(cc3, cf3, {{K::CellCentres, 2, 6}}) == 0.0);
  // Two axes (C order): levels x nodes.
  const double f2[3 * 4] = {1, 0, 2, 0, 9, 9, 9, 9, 3, 0, 4, 0}, c2[2 * 2] = {1, 2, 3, 4};
  CHECK(relative_l1_nested(c2, f2, {{K::Endpoints, 2, 3}, {K::PeriodicNodes, 2, 4}}) == 0.0);
}

TEST_CASE("grids that do not nest are refused") {
  const double a[3] = {0, 0, 0}, b[7] = {0, 0, 0, 0, 0, 0, 0};
  CHECK_THROWS_AS(relative_l1_nested(a, b, {{K::PeriodicNodes, 3, 7}}), DimensionMismatch);
  CHECK_THROWS_AS(relative_l1_nested(a, b, {{K::Endpoints, 3, 6}}), DimensionMismatch);
}
