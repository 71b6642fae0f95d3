#pragma once
// Convergence diagnostics of independent Markov chains (one row per chain,
// one column per draw), as Stan and ArviZ compute them (Vehtari, Gelman,
// Simpson, Carpenter, Bürkner 2021, "Rank-normalization, folding, and
// localization: an improved R-hat"):
//   rhat     = max(split-R-hat of the rank-normalized draws,
//                  split-R-hat of the rank-normalized |draw - median|);
//   ess_bulk = ESS of the rank-normalized split chains;
//   ess_tail = min(ESS of 1{draw <= q05}, ESS of 1{draw <= q95}), split chains.
// ESS uses the chains' mean autocovariance and Geyer's initial monotone
// sequence. A chain split in two halves (the middle draw dropped when the
// count is odd) lets R-hat see drift within a chain as well as disagreement
// between chains.
#include "wprox/data.hpp"

namespace wprox {

struct ChainSummary {
  double rhat = 0, ess_bulk = 0, ess_tail = 0;
};

// At least 2 chains of at least 8 draws (InputError otherwise).
ChainSummary chain_summary(const RowMatrix& draws);

// The pieces, for tests and for hosts that want them separately.
RowMatrix split_chains(const RowMatrix& draws);       // M x n -> 2M x floor(n/2)
RowMatrix rank_normalize(const RowMatrix& draws);     // Phi^-1((rank - 3/8) / (S + 1/4)), ties averaged
double basic_rhat(const RowMatrix& chains);           // sqrt(var+ / W), no split, no ranks
double effective_sample_size(const RowMatrix& chains);  // no split, no ranks; at least 4 draws

}  // namespace wprox
