#pragma once
// The kernel's internal pieces (see wprox/kernel.hpp for the contract):
// the structure-of-arrays source layout and the evaluation paths.
//
// Every path runs its sums over sources in a fixed order, with explicit
// arrays of kLanes partial results that the compiler maps onto vector
// registers without reassociating anything: the order is set by the source
// code, not by the optimizer or the thread schedule.
#include <limits>
#include <vector>

#include "wprox/kernel.hpp"

namespace wprox::kernel_detail {

// Partial sums per reduction, the same on every SIMD target (one AVX-512
// register, two AVX2 or four SSE2 registers of doubles): the targets then
// sum in the same order, and differ only where FMA contracts a*b + c.
constexpr int kLanes = 8;
constexpr long kBlock = 512;     // sources per block: 4 KB of exponents, stays in L1
constexpr long kQueryGrain = 8;  // queries per parallel task at least
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// Sources in structure-of-arrays form: coordinate k of source j at
// coords[k * padded + j], padded to a multiple of kLanes. Padding sources
// have b = -inf (weight exactly 0) and coordinates `pad`.
struct SourcesSoA {
  long n = 0, padded = 0;
  int d = 0;
  std::vector<double> coords, b;
};
SourcesSoA transpose_sources(const Particles& Y, const Vector& b, double pad = 0.0);

// The symmetric path's tiles and when it applies (isotropic_symmetric.ipp).
constexpr long kTile = 256;  // rows per tile, a multiple of kLanes; kBlock is a multiple of it
constexpr double kMaxBRange = 300.0;
constexpr double kMaxSlotBytes = 256.0 * 1024.0 * 1024.0;  // else: the general path
// Whether the symmetric path serves n points of dimension d with bandwidth
// factor c and log weights spread over b_spread, all finite or not.
bool symmetric_serves(long n, int d, double c, bool finite, double b_spread);

// What a rank keeps for its own rows between the blocks of a ring
// (kernel_ring.cpp): the symmetric path's slots (row i's sum over each
// tile of sources, as isotropic_symmetric computes it) or the general
// path's running online-softmax state per row.
struct RingPartials {
  long rows = 0, padded = 0, tiles = 0;
  int d = 0;
  std::vector<double> v;
};

// The evaluation paths, compiled once per SIMD target (namespaces sse2,
// avx2, avx512: the *.ipp files, see wprox/simd_region_begin.hpp); kernel_sum() calls the
// copy of simd_target() (wprox/simd.hpp). In each:
//   isotropic_general: isotropic sources, mean of the source points and lse
//     only: the one-pass online softmax over blocks; mean is resized to M x d.
//   isotropic_symmetric: the same for queries that are the sources, the
//     tiled symmetric path. Returns false (and does nothing) where it would
//     be less accurate than the general path: c < 0, non-finite X or b, or b
//     spread over more than 300.
//   isotropic_symmetric_rows: rows [first, first + count) of the symmetric
//     path, with the same bits as those rows of isotropic_symmetric; false
//     where that path does not apply.
//   general_kernel: every output, for isotropic sources and sources with a
//     precision.
//   nearest_rows: nearest_distances() for query rows [begin, end).
//   symmetric_ring_*: the symmetric path for rows split over ranks in
//     whole tiles, one block of sources at a time in any order, then each
//     row's slots added in tile order: isotropic_symmetric's bits. `own`
//     holds this rank's rows, the first of them in tile own_tile0; B is the
//     largest b over all ranks.
//   general_ring_*: isotropic_general for rows whose sources come in
//     blocks of whole kBlock chunks, folded in source order: its bits.
#define WPROX_KERNEL_PATHS(ns)                                                                                     \
  namespace ns {                                                                                                   \
  void isotropic_general(const Particles& X, const SourcesSoA& src, double c, Particles& mean, Vector* lse);       \
  bool isotropic_symmetric(const Particles& X, const SourcesSoA& src, const Vector& b, double c, Particles& mean,  \
                           Vector* lse);                                                                           \
  bool isotropic_symmetric_rows(const Particles& X, const SourcesSoA& src, const Vector& b, double c, long first,  \
                                long count, Particles& mean, Vector* lse);                                         \
  void general_kernel(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out);      \
  void nearest_rows(const Particles& queries, const SourcesSoA& src, long begin, long end, NearestDistances& out); \
  void symmetric_ring_own(const SourcesSoA& own, double B, long own_tile0, long tiles, double c, RingPartials& p);  \
  void symmetric_ring_block(const SourcesSoA& own, long own_tile0, const SourcesSoA& block, double B,             \
                            long block_tile0, double c, RingPartials& p);                                          \
  void symmetric_ring_finish(const RingPartials& p, double B, Particles& mean, Vector* lse);                       \
  void general_ring_start(long rows, int d, RingPartials& p);                                                      \
  void general_ring_block(const Particles& own, const SourcesSoA& block, double c, RingPartials& p);               \
  void general_ring_finish(const RingPartials& p, Particles& mean, Vector* lse);                                  \
  }
WPROX_KERNEL_PATHS(sse2)
WPROX_KERNEL_PATHS(avx2)
WPROX_KERNEL_PATHS(avx512)
#undef WPROX_KERNEL_PATHS

// One target's copy of every path above, and the copy for this CPU
// (wprox::simd_target(), which WPROX_SIMD may force), picked in one place
// so that every entry point (kernel_sum, kernel_sum_rows, the ring,
// nearest_distances) uses the same target and hence gives the same bits.
struct KernelPaths {
  decltype(&sse2::isotropic_general) isotropic_general;
  decltype(&sse2::isotropic_symmetric) isotropic_symmetric;
  decltype(&sse2::isotropic_symmetric_rows) isotropic_symmetric_rows;
  decltype(&sse2::general_kernel) general_kernel;
  decltype(&sse2::nearest_rows) nearest_rows;
  decltype(&sse2::symmetric_ring_own) symmetric_ring_own;
  decltype(&sse2::symmetric_ring_block) symmetric_ring_block;
  decltype(&sse2::symmetric_ring_finish) symmetric_ring_finish;
  decltype(&sse2::general_ring_start) general_ring_start;
  decltype(&sse2::general_ring_block) general_ring_block;
  decltype(&sse2::general_ring_finish) general_ring_finish;
};
const KernelPaths& kernel_paths();

// Argument checks and output shapes shared by kernel_sum() and
// kernel_sum_rows().
void check_request(const Particles& X, const KernelSources& S, const KernelRequest& r, const char* who);
void shape_outputs(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out);

}  // namespace wprox::kernel_detail
