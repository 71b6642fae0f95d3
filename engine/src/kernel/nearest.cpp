// nearest_distances(): checks, the padded source layout and the parallel
// loop; the loop body is the dispatched target's nearest_rows (nearest.ipp).
#include <limits>

#include "kernel_paths.hpp"
#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

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
  const auto rows = kernel_paths().nearest_rows;
  parallel_for(
      m, [&](long begin, long end) { rows(queries, src, begin, end, out); }, 8);
  return out;
}

}  // namespace wprox
