#pragma once
// Initial fields of the authors' examples (docs/reaction-diffusion.md), evaluated at the
// grid's points (x_i, y_j) = (grid.coord(i), grid.coord(j)).
#include <wprox/grid.hpp>

namespace rd {

// u = 1 inside the disk of radius r centred in the square, -1 outside.
wprox::Field disk(const wprox::TensorGrid& g, double radius);
// Church et al. (2019) "seven circles": -1 + sum_i f(|x - c_i| - r_i),
// f(s) = 2 exp(-eps^2 / s^2) for s < 0, else 0 (designed for [0, 2 pi]^2).
wprox::Field seven_circles(const wprox::TensorGrid& g, double eps);
// (cos 4x + cos 4y) / 2
wprox::Field cosines(const wprox::TensorGrid& g);
// 2 exp(sin x + sin y - 2) + 2.2 exp(-sin x - sin y - 2) - 1 (Gavish et al. 2012)
wprox::Field pore_data(const wprox::TensorGrid& g);

}  // namespace rd
