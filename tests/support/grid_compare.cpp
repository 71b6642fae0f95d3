#include "grid_compare.hpp"

#include <cmath>

#include "wprox/errors.hpp"

namespace wprox {
namespace {

// Fine indices (with weights) that represent coarse index i along one axis.
struct Pick {
  long index[2];
  double weight[2];
  int count;
};

struct AxisMap {
  NestedAxis axis;
  long m;

  Pick pick(long i) const {
    switch (axis.kind) {
      case NestedAxis::Kind::PeriodicNodes:
      case NestedAxis::Kind::Endpoints: return {{m * i, 0}, {1.0, 0.0}, 1};
      case NestedAxis::Kind::CellCentres:
        if (m % 2 == 1) return {{m * i + (m - 1) / 2, 0}, {1.0, 0.0}, 1};
        return {{m * i + m / 2 - 1, m * i + m / 2}, {0.5, 0.5}, 2};
    }
    return {{0, 0}, {0, 0}, 0};
  }
};

AxisMap make_map(const NestedAxis& a, std::size_t which) {
  WPROX_REQUIRE(a.coarse >= 1 && a.fine >= a.coarse, DimensionMismatch,
                "axis " << which << ": coarse extent " << a.coarse << " and fine extent " << a.fine << " do not nest");
  long m = 1;
  bool nested = false;
  if (a.kind == NestedAxis::Kind::Endpoints) {
    if (a.coarse == 1) {
      nested = true;
    } else {
      m = (a.fine - 1) / (a.coarse - 1);
      nested = m * (a.coarse - 1) == a.fine - 1;
    }
  } else {
    m = a.fine / a.coarse;
    nested = m * a.coarse == a.fine;
  }
  WPROX_REQUIRE(nested, DimensionMismatch,
                "axis " << which << ": fine extent " << a.fine << " is not a refinement of coarse extent " << a.coarse);
  return {a, m};
}

}  // namespace

double relative_l1_nested(const double* coarse, const double* fine, const std::vector<NestedAxis>& axes) {
  std::vector<AxisMap> maps;
  long total = 1;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    maps.push_back(make_map(axes[a], a));
    total *= axes[a].coarse;
  }
  const std::size_t rank = axes.size();
  std::vector<long> idx(rank, 0);
  double num = 0.0, den = 0.0;
  for (long flat = 0; flat < total; ++flat) {
    // Decompose the coarse flat index (C order).
    long rest = flat;
    for (std::size_t a = rank; a-- > 0;) {
      idx[a] = rest % axes[a].coarse;
      rest /= axes[a].coarse;
    }
    // The fine value: a weighted sum over the tensor product of the picks.
    std::vector<Pick> picks(rank);
    long combos = 1;
    for (std::size_t a = 0; a < rank; ++a) {
      picks[a] = maps[a].pick(idx[a]);
      combos *= picks[a].count;
    }
    double r = 0.0;
    for (long c = 0; c < combos; ++c) {
      long sel = c, offset = 0;
      double w = 1.0;
      for (std::size_t a = 0; a < rank; ++a) {
        const int k = int(sel % picks[a].count);
        sel /= picks[a].count;
        offset = offset * axes[a].fine + picks[a].index[k];
        w *= picks[a].weight[k];
      }
      r += w * fine[offset];
    }
    num += std::fabs(coarse[flat] - r);
    den += std::fabs(r);
  }
  return den > 0 ? num / den : num;
}

}  // namespace wprox
