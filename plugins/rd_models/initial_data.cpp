#include "initial_data.hpp"

#include <cmath>

namespace rd {
namespace {

template <class F>
wprox::Field tabulate(const wprox::TensorGrid& g, F f) {
  wprox::Field u(g);
  for (int i = 0; i < g.n(0); ++i)
    for (int j = 0; j < g.n(1); ++j) u(i, j) = f(g.coord(0, i), g.coord(1, j));
  return u;
}

}  // namespace

wprox::Field disk(const wprox::TensorGrid& g, double radius) {
  const double c = 0.5 * g.length();
  return tabulate(
      g, [&](double x, double y) { return (x - c) * (x - c) + (y - c) * (y - c) < radius * radius ? 1.0 : -1.0; });
}

wprox::Field seven_circles(const wprox::TensorGrid& g, double eps) {
  const double pi = M_PI;
  const double cx[7] = {pi / 2, pi / 4, pi / 2, pi, 3 * pi / 2, pi, 3 * pi / 2};
  const double cy[7] = {pi / 2, 3 * pi / 4, 5 * pi / 4, pi / 4, pi / 4, pi, 3 * pi / 2};
  const double r[7] = {pi / 5, 2 * pi / 15, 2 * pi / 15, pi / 10, pi / 10, pi / 4, pi / 4};
  return tabulate(g, [&](double x, double y) {
    double u = -1.0;
    for (int k = 0; k < 7; ++k) {
      const double s = std::hypot(x - cx[k], y - cy[k]) - r[k];
      if (s < 0) u += 2.0 * std::exp(-eps * eps / (s * s));
    }
    return u;
  });
}

wprox::Field cosines(const wprox::TensorGrid& g) {
  return tabulate(g, [](double x, double y) { return 0.5 * (std::cos(4 * x) + std::cos(4 * y)); });
}

wprox::Field pore_data(const wprox::TensorGrid& g) {
  return tabulate(g, [](double x, double y) {
    const double s = std::sin(x) + std::sin(y);
    return 2.0 * std::exp(s - 2.0) + 2.2 * std::exp(-s - 2.0) - 1.0;
  });
}

}  // namespace rd
