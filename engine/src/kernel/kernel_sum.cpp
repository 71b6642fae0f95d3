// kernel_sum(): checks, output shapes and the choice of path.
#include <cmath>
#include <limits>
#include <stdexcept>

#include "kernel_paths.hpp"
#include "wprox/errors.hpp"

namespace wprox {

KernelSources KernelSources::isotropic(const Particles& points, double c, Vector log_weights) {
  KernelSources s;
  s.points_ = &points;
  s.c_ = c;
  s.b_ = std::move(log_weights);
  return s;
}

KernelSources KernelSources::with_precisions(const Particles& points, const std::vector<Matrix>& precisions,
                                             Vector log_weights) {
  const long n = points.rows();
  const int d = int(points.cols());
  WPROX_REQUIRE(long(precisions.size()) == n, DimensionMismatch,
                "kernel sources: " << n << " points but " << precisions.size() << " precision matrices");
  KernelSources s;
  s.points_ = &points;
  s.b_ = std::move(log_weights);
  s.gamma_.resize(std::size_t(n) * d * d);
  for (long j = 0; j < n; ++j) {
    WPROX_REQUIRE(precisions[j].rows() == d && precisions[j].cols() == d, DimensionMismatch,
                  "kernel sources: precision " << j << " is " << precisions[j].rows() << " x " << precisions[j].cols()
                                               << ", the points have dimension " << d);
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) s.gamma_[(std::size_t(j) * d + a) * d + b] = precisions[j](a, b);
  }
  return s;
}

namespace kernel_detail {

void check_request(const Particles& X, const KernelSources& S, const KernelRequest& r, const char* who) {
  WPROX_REQUIRE(X.cols() == S.dim(), DimensionMismatch,
                who << ": queries have " << X.cols() << " columns but sources have " << S.dim());
  WPROX_REQUIRE(S.log_weights().size() == 0 || S.log_weights().size() == S.size(), DimensionMismatch,
                who << ": b has " << S.log_weights().size() << " entries but there are " << S.size() << " sources");
  WPROX_REQUIRE(
      !r.values || r.values->rows() == S.size(), DimensionMismatch,
      who << ": values have " << (r.values ? r.values->rows() : 0) << " rows but there are " << S.size() << " sources");
  if (r.symmetry == KernelRequest::Symmetry::QueriesAreSources && &X != &S.points() &&
      !(X.rows() == S.size() && X == S.points()))
    throw std::invalid_argument(std::string(who) +
                                ": Symmetry::QueriesAreSources, but the queries are not the sources");
}

void shape_outputs(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out) {
  const long M = X.rows();
  const int p = r.values ? int(r.values->cols()) : S.dim();
  out.lse.resize(r.lse ? M : 0);
  out.mean.resize(r.mean ? M : 0, r.mean ? p : 0);
  out.pull.resize(r.pull ? M : 0, r.pull ? S.dim() : 0);
  out.pull_sq.resize(r.pull_sq ? M : 0);
  out.weights.resize(r.weights ? M : 0, r.weights ? S.size() : 0);
}

}  // namespace kernel_detail

using namespace kernel_detail;

void kernel_sum(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out) {
  check_request(X, S, r, "kernel_sum");
  shape_outputs(X, S, r, out);
  if (X.rows() == 0) return;
  if (S.size() == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.mean.setConstant(nan);
    out.pull.setConstant(nan);
    out.pull_sq.setConstant(nan);
    out.lse.setConstant(kNegInf);
    return;
  }
  // Isotropic sources asked only for the mean of the points and lse: the
  // specialized paths (BRWP, the empirical score, MMD).
  const KernelPaths& paths = kernel_paths();
  const bool plain = !S.has_precisions() && !r.pull && !r.pull_sq && !r.weights && !r.values;
  if (!plain) return paths.general_kernel(X, S, r, out);
  const SourcesSoA src = transpose_sources(S.points(), S.log_weights());
  Particles mean;
  Vector* lse = r.lse ? &out.lse : nullptr;
  const bool symmetric = r.symmetry == KernelRequest::Symmetry::QueriesAreSources &&
                         paths.isotropic_symmetric(X, src, S.log_weights(), S.c(), mean, lse);
  if (!symmetric) paths.isotropic_general(X, src, S.c(), mean, lse);
  if (r.mean) out.mean = std::move(mean);
}

}  // namespace wprox
