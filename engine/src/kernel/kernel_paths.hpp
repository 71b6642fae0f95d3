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
#define WPROX_KERNEL_PATHS(ns)                                                                                     \
  namespace ns {                                                                                                   \
  void isotropic_general(const Particles& X, const SourcesSoA& src, double c, Particles& mean, Vector* lse);       \
  bool isotropic_symmetric(const Particles& X, const SourcesSoA& src, const Vector& b, double c, Particles& mean,  \
                           Vector* lse);                                                                           \
  bool isotropic_symmetric_rows(const Particles& X, const SourcesSoA& src, const Vector& b, double c, long first,  \
                                long count, Particles& mean, Vector* lse);                                         \
  void general_kernel(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out);      \
  void nearest_rows(const Particles& queries, const SourcesSoA& src, long begin, long end, NearestDistances& out); \
  }
WPROX_KERNEL_PATHS(sse2)
WPROX_KERNEL_PATHS(avx2)
WPROX_KERNEL_PATHS(avx512)
#undef WPROX_KERNEL_PATHS

// Argument checks and output shapes shared by kernel_sum() and
// kernel_sum_rows().
void check_request(const Particles& X, const KernelSources& S, const KernelRequest& r, const char* who);
void shape_outputs(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out);

}  // namespace wprox::kernel_detail
