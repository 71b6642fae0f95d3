// kernel_sum_rows(): a block of rows of kernel_sum(), for split queries.
#include <stdexcept>

#include "kernel_paths.hpp"
#include "wprox/errors.hpp"

namespace wprox {

using namespace kernel_detail;

void kernel_sum_rows(const Particles& X, long first, long count, const KernelSources& S, const KernelRequest& r,
                     KernelResult& out) {
  check_request(X, S, r, "kernel_sum_rows");
  if (first < 0 || count < 0 || first + count > X.rows())
    throw std::invalid_argument("kernel_sum_rows: rows outside the queries");
  const Particles rows = X.middleRows(first, count);
  KernelRequest sub = r;
  sub.symmetry = KernelRequest::Symmetry::None;
  const bool plain = !S.has_precisions() && !r.pull && !r.pull_sq && !r.weights && !r.values;
  if (r.symmetry == KernelRequest::Symmetry::QueriesAreSources && plain && count > 0 && S.size() > 0) {
    // The same choice of path as kernel_sum() makes for all of X.
    const SourcesSoA src = transpose_sources(S.points(), S.log_weights());
    Particles mean;
    Vector lse;
    if (kernel_paths().isotropic_symmetric_rows(X, src, S.log_weights(), S.c(), first, count, mean, r.lse ? &lse : nullptr)) {
      shape_outputs(rows, S, sub, out);
      if (r.mean) out.mean = std::move(mean);
      if (r.lse) out.lse = std::move(lse);
      return;
    }
  }
  // Every other path treats each query on its own.
  kernel_sum(rows, S, sub, out);
}

}  // namespace wprox
