#pragma once
// The self-interaction kernel (BRWP's) for particles split over ranks.
//
// Each rank holds only its own block of the N particles, rows
// [first, first + count) of kernel_ring_split(N, ranks), with their log
// weights. The blocks travel around the ring of ranks (Communicator::
// shift_back: each rank passes the block it holds to its predecessor and
// takes its successor's), and while one transfer is in flight the rank
// sums its rows against the block it has: communication overlapped by
// computation, R - 1 steps, never the whole cloud gathered on a rank for
// the symmetric path.
//
// The result is, bit for bit, the own rows of
//   kernel_sum(all, KernelSources::isotropic(all, c, b_all),
//              {mean, lse, Symmetry::QueriesAreSources})
// for any rank count and thread count: the split is in whole source chunks
// of kernel_ring_grain() particles, the path (symmetric tiles or the
// online softmax) is chosen from quantities agreed over all ranks, and
// every row's sums run in the one-process order:
//   - symmetric path: each (row, tile of sources) partial sum is computed
//     on its own and the partials are added in tile order at the end, so
//     blocks are used in the order they arrive;
//   - general path (where the symmetric one does not apply, e.g. more than
//     about 53 000 particles in 2-D, or a spread of b over 300): the online
//     softmax folds the sources in index order, so a block that arrives
//     before its turn is kept until then (at most the blocks between the
//     ring's start and block 0: on the first and last rank none).
// Memory per rank: its rows, two blocks in flight, and the partials
// (symmetric: (d + 1) numbers per own row and tile of 256 sources;
// general: 1 + 8 (d + 1) per own row).
#include <cstddef>

#include "wprox/communicator.hpp"
#include "wprox/data.hpp"
#include "wprox/kernel.hpp"

namespace wprox {

// Particles per source chunk: a ring split keeps these whole.
std::size_t kernel_ring_grain();
// The split kernel_sum_ring() expects: n particles over `ranks` in whole
// chunks (uneven where they do not divide; ranks past the chunks get none).
BlockSplit kernel_ring_split(std::size_t n, int ranks);

// own: this rank's rows of the particles (count x d), own_b their log
// weights (count entries), n_total the number of particles on all ranks.
// Fills out.mean (count x d) and, with want_lse, out.lse. Collective: every
// rank calls it with the same n_total and c. A count or b size that does
// not match the split is a DimensionMismatch.
void kernel_sum_ring(const Communicator& comm, const Particles& own, const Vector& own_b, double c,
                     long n_total, bool want_lse, KernelResult& out);

}  // namespace wprox
