#pragma once
// The four reaction–diffusion models of docs/reaction-diffusion.md as
// wprox::ReactionDiffusionModel, with the double-well W(u) = (u^2 - 1)^2 / 4
// (W' = u^3 - u, W'' = 3u^2 - 1, W''' = 6u) and the 5-point Laplacian D:
//
//   allen-cahn            rhs = eps D u - W'(u) / eps
//   allen-cahn-mobility   rhs = eps div(sigma grad u) - W'(u) / eps,
//                         sigma = 1 + (mu/2)(sin^2 x + sin^2 y) on cell faces
//   cahn-hilliard         rhs = D(-eps^2 D u + W'(u))
//   fch (6th order)       rhs = D[(eps^2 D - W''(u) + eps^2) mu],  mu = eps^2 D u - W'(u)
//
// Energies (h^2-weighted sums, |grad+ u|^2 summed over faces; their
// h^-2-scaled gradients give -rhs for AC and the chemical potential for CH):
//   AC:  sum eps/2 s |grad+ u|^2 + W(u)/eps      (s = 1 or sigma)
//   CH:  sum eps^2/2 |grad+ u|^2 + W(u)
//   FCH: sum mu^2/2 - eps^2 (eps^2/2 |grad+ u|^2 + W(u))
#include <memory>
#include <string>

#include <wprox/grid.hpp>
#include <wprox/kinds/pde.hpp>

namespace rd {

enum class ModelKind { AllenCahn, AllenCahnMobility, CahnHilliard, Functionalized };

// mu is used by AllenCahnMobility only.
std::shared_ptr<const wprox::ReactionDiffusionModel> make_model(ModelKind kind, const wprox::TensorGrid& grid,
                                                                double eps, double mu);

// The same, with the row operators compiled for one SIMD target
// (models.ipp); make_model picks by wprox::simd_target().
namespace sse2 {
std::shared_ptr<const wprox::ReactionDiffusionModel> make_model(ModelKind, const wprox::TensorGrid&, double, double);
}
namespace avx2 {
std::shared_ptr<const wprox::ReactionDiffusionModel> make_model(ModelKind, const wprox::TensorGrid&, double, double);
}
namespace avx512 {
std::shared_ptr<const wprox::ReactionDiffusionModel> make_model(ModelKind, const wprox::TensorGrid&, double, double);
}

}  // namespace rd
