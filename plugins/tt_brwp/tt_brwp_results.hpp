#pragma once
// The outputs of a TT-BRWP run beyond the sampler's own (particles.npy and
// its 2-D scatter): the final density's TT cores with the grid, and
// pictures of the density against the particles.
#include <wprox/sdk.hpp>
#include <wprox/tensor_train.hpp>

namespace wprox::tt_brwp {

// The folder of the final density's train: core_k (r_k x n_k x r_{k+1},
// C order: [a, i, b]), nodes_k and weights_k for every axis k, so that
// f(x) = core_0[:, i_0, :] ... core_{d-1}[:, i_{d-1}, :] at the grid point
// (nodes_0[i_0], ..., nodes_{d-1}[i_{d-1}]) and Σ f w_0 ... w_{d-1} = 1.
constexpr const char* kDensityFolder = "tt_density";
void add_tt_arrays(const TensorTrain& density, Results& out);

// Pictures: "marginals" (one per axis, up to 8: the TT density's 1-D
// marginal against a histogram of the particles), and for d = 2
// "density" (the TT density as a heatmap on its box, the particles on top).
void add_density_pictures(const TensorTrain& density, const Particles& X, Results& out);

}  // namespace wprox::tt_brwp
