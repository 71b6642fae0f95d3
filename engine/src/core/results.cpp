#include "wprox/results.hpp"

#include "wprox/errors.hpp"
#include "wprox/grid.hpp"

namespace wprox {

Array make_array(const std::string& name, const RowMatrix& m) {
  Array a;
  a.name = name;
  a.shape = {std::size_t(m.rows()), std::size_t(m.cols())};
  a.data.assign(m.data(), m.data() + m.size());
  return a;
}

Array make_array(const std::string& name, const Vector& v) {
  Array a;
  a.name = name;
  a.shape = {std::size_t(v.size())};
  a.data.assign(v.data(), v.data() + v.size());
  return a;
}

Layer heatmap_layer(const TensorGrid& g, const double* u, const std::string& label) {
  WPROX_REQUIRE(g.dim() == 2, InputError, "heatmap: the grid has " << g.dim() << " axes, a heatmap needs 2");
  Layer l;
  l.kind = Layer::Kind::Heatmap;
  l.label = label;
  l.nx = g.n(0);
  l.ny = g.n(1);
  l.x0 = g.coord(0, 0);
  l.x1 = g.coord(0, g.n(0) - 1);
  l.y0 = g.coord(1, 0);
  l.y1 = g.coord(1, g.n(1) - 1);
  l.z.resize(std::size_t(g.size()));
  for (long i = 0; i < l.nx; ++i)
    for (long j = 0; j < l.ny; ++j) l.z[std::size_t(j * l.nx + i)] = u[i * l.ny + j];
  return l;
}

}  // namespace wprox
