// nearest_distances(): checks, the padded source layout and the parallel
// loop; the loop body is the dispatched target's nearest_rows (nearest.ipp).
#include <limits>

#include "kernel_paths.hpp"
#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"
#include "wprox/simd.hpp"

namespace wprox {

NearestDistances nearest_distances(const Particles& queries, const Particles& reference) {
  using namespace kernel_detail;
  WPROX_REQUIRE(
      queries.cols() == reference.cols(), DimensionMismatch,
      "nearest_distances: the two samples have " << queries.cols() << " and " << reference.cols() << " coordinates");
  WPROX_REQUIRE(reference.rows() > 0, InputError, "nearest_distances: the reference set is empty");
  // Padding sources sit at infinity: never the nearest.
  const SourcesSoA src = transpose_sources(reference, Vector(), std::numeric_limits<double>::infinity());
  const long m = queries.rows();
  NearestDistances out{Vector(m), Vector(m)};
  auto rows = simd_target() == SimdTarget::avx512 ? avx512::nearest_rows
              : simd_target() == SimdTarget::avx2 ? avx2::nearest_rows
                                                  : sse2::nearest_rows;
  parallel_for(
      m, [&](long begin, long end) { rows(queries, src, begin, end, out); }, 8);
  return out;
}

}  // namespace wprox
