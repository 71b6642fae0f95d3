#pragma once
// The outputs of a TT-BRWP run beyond the sampler's own (particles.npy and
// its 2-D scatter): the final density's TT cores with the grid, and
// pictures of the density against the particles.
#include <wprox/sdk.hpp>
#include <wprox/tensor_train.hpp>

namespace wprox::tt_brwp {

// Arrays tt_core_k (r_k x n_k x r_{k+1}, C order: [a, i, b]), tt_nodes_k
// and tt_weights_k for every axis k (flat names: the host's writer makes
// no subfolders).
void add_tt_arrays(const TensorTrain& density, Results& out);

// Pictures: "marginals" (one per axis, up to 8: the TT density's 1-D
// marginal against a histogram of the particles), and for d = 2
// "density" (the TT density as a heatmap on its box, the particles on top).
void add_density_pictures(const TensorTrain& density, const Particles& X, Results& out);

}  // namespace wprox::tt_brwp
