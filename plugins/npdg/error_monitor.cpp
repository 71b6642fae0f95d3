#include "error_monitor.hpp"

#include <cmath>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

namespace wprox::npdg {

ErrorRecord solution_error(const Mlp& u, const ReferenceData& ref) {
  InputSelection sel;
  sel.laplacian = false;
  const InputJet j = u.jet(ref.X, sel);
  const long n = ref.X.cols();
  const double e0 = (j.u - ref.u).squaredNorm() / double(n);
  const double e1 = (j.grad - ref.grad_u).squaredNorm() / double(n);
  ErrorRecord r;
  r.rel_l2 = std::sqrt(e0 / ref.l2_sq);
  r.rel_h1 = std::sqrt((e0 + e1) / (ref.l2_sq + ref.grad_sq));
  return r;
}

ErrorMonitor::ErrorMonitor(const EllipticProblem& p, long points, long every, std::uint64_t seed) : every_(every) {
  WPROX_REQUIRE(points >= 1, InputError, "error monitor: error_points = " << points << " must be at least 1");
  WPROX_REQUIRE(every >= 1, InputError, "error monitor: error_every = " << every << " must be at least 1");
  const int d = p.dim();
  const double lo = p.lower(), w = p.upper() - p.lower();
  Matrix X(d, points);
  parallel_for(points, [&](long b, long e) {
    for (long j = b; j < e; ++j) {
      RandomStream rs(seed, std::uint64_t(j), kReferenceSubstream);
      for (int i = 0; i < d; ++i) X(i, j) = lo + w * rs.uniform();
    }
  });
  ref_ = reference_data(p, std::move(X));
}

const ErrorRecord& ErrorMonitor::observe(long k, const Mlp& u) {
  if (history_.empty() || k == 1 || k % every_ == 0) {
    ErrorRecord r = solution_error(u, ref_);
    r.step = k;
    history_.push_back(r);
  }
  return history_.back();
}

}  // namespace wprox::npdg
