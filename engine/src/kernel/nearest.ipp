// nearest_distances()' loop, compiled once per SIMD target: the kernel's
// distance loop with a min-reduction. Each lane keeps its two smallest
// squared distances; the two smallest of all are among those 2 kLanes
// candidates. The result is a pair of values, so it does not depend on the
// order in which candidates are compared.
#include <cmath>
#include <limits>

#include "kernel_paths.hpp"

#include <wprox/simd_region_begin.hpp>

namespace wprox::kernel_detail::WPROX_SIMD_NS {

void nearest_rows(const Particles& queries, const SourcesSoA& src, long begin, long end, NearestDistances& out) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const long P = src.padded;
  const int d = src.d;
  for (long i = begin; i < end; ++i) {
    const double* x = queries.row(i).data();
    alignas(64) double best[kLanes], second[kLanes];
    for (int l = 0; l < kLanes; ++l) best[l] = second[l] = kInf;
    for (long j = 0; j < P; j += kLanes)
      for (int l = 0; l < kLanes; ++l) {
        double s = 0.0;
        for (int k = 0; k < d; ++k) {
          const double t = x[k] - src.coords[std::size_t(k) * P + j + l];
          s += t * t;
        }
        // Comparisons that are false for NaN: a NaN distance is never kept.
        const bool below_best = s < best[l], below_second = s < second[l];
        second[l] = below_best ? best[l] : (below_second ? s : second[l]);
        best[l] = below_best ? s : best[l];
      }
    double b1 = kInf, b2 = kInf;
    for (int l = 0; l < kLanes; ++l)
      for (const double v : {best[l], second[l]}) {
        if (v < b1) {
          b2 = b1;
          b1 = v;
        } else if (v < b2) {
          b2 = v;
        }
      }
    out.d1[i] = std::sqrt(b1);
    out.d2[i] = std::sqrt(b2);
  }
}

}  // namespace wprox::kernel_detail::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
