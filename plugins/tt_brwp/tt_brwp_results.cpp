#include "tt_brwp_results.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace wprox::tt_brwp {

void add_tt_arrays(const TensorTrain& density, Results& out) {
  for (int k = 0; k < density.dim(); ++k) {
    const Matrix& G = density.core(k);
    const int r = density.rank(k), n = density.size(k), rn = density.rank(k + 1);
    Array a;
    a.name = std::string(kDensityFolder) + "/core_" + std::to_string(k);
    a.shape = {std::size_t(r), std::size_t(n), std::size_t(rn)};
    a.data.reserve(std::size_t(r) * n * rn);
    for (int al = 0; al < r; ++al)
      for (int i = 0; i < n; ++i)
        for (int b = 0; b < rn; ++b) a.data.push_back(G(al + Eigen::Index(r) * i, b));
    out.arrays.push_back(std::move(a));
    const TTAxis& ax = density.axis(k);
    const std::string folder(kDensityFolder), axis = std::to_string(k);
    out.arrays.push_back(make_array(folder + "/nodes_" + axis, Vector(Eigen::Map<const Vector>(ax.nodes.data(), n))));
    out.arrays.push_back(make_array(folder + "/weights_" + axis, Vector(Eigen::Map<const Vector>(ax.weights.data(), n))));
  }
}

namespace {

// A histogram of v on [lo, hi] with `bins` bins as a step curve of density values.
Layer histogram_curve(const Eigen::Ref<const Vector>& v, double lo, double hi, int bins) {
  std::vector<double> count(static_cast<std::size_t>(bins), 0.0);
  const double w = (hi - lo) / bins;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    const int b = int(std::floor((v[i] - lo) / w));
    if (b >= 0 && b < bins) count[std::size_t(b)] += 1.0;
  }
  Layer l;
  l.kind = Layer::Kind::Curve;
  l.label = "particles (histogram)";
  l.color = 1;
  for (int b = 0; b < bins; ++b) {
    const double y = count[std::size_t(b)] / (double(v.size()) * w);
    l.x.push_back(lo + b * w);
    l.y.push_back(y);
    l.x.push_back(lo + (b + 1) * w);
    l.y.push_back(y);
  }
  return l;
}

}  // namespace

void add_density_pictures(const TensorTrain& density, const Particles& X, Results& out) {
  const int d = density.dim();
  const double mass = tt_integral(density);
  for (int k = 0; k < std::min(d, 8); ++k) {
    const TTAxis& ax = density.axis(k);
    const Vector m = tt_marginal(density, k) / mass;
    Picture p;
    p.name = "marginal_" + std::to_string(k);
    p.title = "TT-BRWP: marginal of x" + std::to_string(k) + ", TT density vs particles";
    p.xlabel = "x" + std::to_string(k);
    p.ylabel = "density";
    Layer curve;
    curve.kind = Layer::Kind::Curve;
    curve.label = "TT density";
    curve.x = ax.nodes;
    curve.y.assign(m.data(), m.data() + m.size());
    p.layers.push_back(std::move(curve));
    p.layers.push_back(histogram_curve(X.col(k), ax.lo, ax.hi, 40));
    out.pictures.push_back(std::move(p));
  }
  if (d != 2) return;
  // The density on a regular 96 x 96 grid over its box (cell centres).
  const long nx = 96;
  const TTAxis &ax = density.axis(0), &ay = density.axis(1);
  RowMatrix pts(nx * nx, 2);
  for (long j = 0; j < nx; ++j)
    for (long i = 0; i < nx; ++i) {
      pts(j * nx + i, 0) = ax.lo + (i + 0.5) * (ax.hi - ax.lo) / nx;
      pts(j * nx + i, 1) = ay.lo + (j + 0.5) * (ay.hi - ay.lo) / nx;
    }
  Vector z;
  tt_evaluate(density, pts, z);
  Picture p;
  p.name = "density";
  p.title = "TT-BRWP: TT density and particles";
  p.xlabel = "x0";
  p.ylabel = "x1";
  p.equal_axes = true;
  Layer heat;
  heat.kind = Layer::Kind::Heatmap;
  heat.label = "TT density";
  heat.nx = heat.ny = nx;
  heat.x0 = ax.lo;
  heat.x1 = ax.hi;
  heat.y0 = ay.lo;
  heat.y1 = ay.hi;
  heat.z.assign(z.data(), z.data() + z.size());
  for (double& v : heat.z) v = std::max(v / mass, 0.0);
  p.layers.push_back(std::move(heat));
  Layer pts_layer;
  pts_layer.kind = Layer::Kind::Points;
  pts_layer.label = "particles";
  pts_layer.color = 1;
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    pts_layer.x.push_back(X(i, 0));
    pts_layer.y.push_back(X(i, 1));
  }
  p.layers.push_back(std::move(pts_layer));
  out.pictures.push_back(std::move(p));
}

}  // namespace wprox::tt_brwp
