#pragma once
// The all-pairs kernel: the hot loop of BRWP, of score-based generative
// models and of the sample metrics.
//
// For queries x_i (rows of X, M x d) and sources z_j (N x d) with log
// weights b_j, every pair (i, j) has the exponent
//
//   e_ij = b_j - q_j(x_i - z_j),
//     isotropic sources:            q_j(r) = c |r|^2               (Gamma_j = 2c I)
//     sources with a precision:     q_j(r) = r^T Gamma_j r / 2     (Gamma_j symmetric)
//
// and the softmax weights w_ij = exp(e_ij - lse_i), lse_i = log sum_j exp(e_ij).
// kernel_sum() returns, for every query, whichever of these the request asks for:
//
//   lse      lse_i                                   (M)
//   mean     sum_j w_ij v_j                          (M x p; v_j = z_j unless `values` is given)
//   pull     sum_j w_ij Gamma_j (x_i - z_j)          (M x d; = -grad_x lse_i)
//   pull_sq  sum_j w_ij |Gamma_j (x_i - z_j)|^2      (M;  with pull and the mean of tr Gamma_j it
//                                                         gives the Laplacian of lse_i)
//   weights  w_ij                                    (M x N)
//
// Guarantees: exact (every pair, no truncation); evaluated in log space, so no
// overflow or underflow for any c, Gamma or b (a row whose weights are all
// exactly zero, b_j = -inf for every j, gives NaN); parallel over queries with
// TBB and the same bits for any thread count (every sum runs in a fixed order).
//
// Symmetry::QueriesAreSources says that X holds exactly the source points
// (BRWP's self-interaction). For isotropic sources it selects a tiled path
// that computes each exp() once for (i, j) and (j, i), about 3x faster. It is
// chosen by this name, never by comparing addresses, and X must equal the
// source points (std::invalid_argument otherwise: a programming error).
//
// Shapes that disagree are a DimensionMismatch naming both sizes.
//
// kernel_sum_reference() computes the same outputs with plain scalar loops
// and std::exp: the reference that tests and benchmarks compare against.
#include <vector>

#include "wprox/data.hpp"

namespace wprox {

class KernelSources {
 public:
  // q_j(r) = c |r|^2. c >= 0 for a kernel that decays; any finite c is accepted.
  static KernelSources isotropic(const Particles& points, double c, Vector log_weights = Vector());
  // q_j(r) = r^T Gamma_j r / 2 with Gamma_j = precisions[j] (d x d, symmetric).
  static KernelSources with_precisions(const Particles& points, const std::vector<Matrix>& precisions,
                                       Vector log_weights = Vector());

  const Particles& points() const { return *points_; }
  long size() const { return points_->rows(); }
  int dim() const { return int(points_->cols()); }
  const Vector& log_weights() const { return b_; }  // empty: all zero
  bool has_precisions() const { return !gamma_.empty(); }
  double c() const { return c_; }
  // Gamma_j row-major, N * d * d entries (empty for isotropic sources).
  const std::vector<double>& precisions() const { return gamma_; }

 private:
  const Particles* points_ = nullptr;  // not owned: must outlive the call
  Vector b_;
  double c_ = 0.0;
  std::vector<double> gamma_;
};

struct KernelRequest {
  enum class Symmetry { None, QueriesAreSources };
  bool lse = false;
  bool mean = false;
  const RowMatrix* values = nullptr;  // N x p per-source values for `mean` (null: the source points)
  bool pull = false;
  bool pull_sq = false;
  bool weights = false;
  Symmetry symmetry = Symmetry::None;
};

// Outputs not requested are left empty (size 0).
struct KernelResult {
  Vector lse;
  Particles mean;
  Particles pull;
  Vector pull_sq;
  RowMatrix weights;
};

void kernel_sum(const Particles& X, const KernelSources& sources, const KernelRequest& request, KernelResult& out);
// Rows [first, first + count) of kernel_sum(X, sources, request, out), with
// the same bits as those rows of the whole call, for a run that splits its
// queries over ranks; out gets `count` rows. Every path computes a row's
// sums in an order that depends on the row and the sources only, so the
// rows of the general paths are simply the whole call's. The symmetric path
// (Symmetry::QueriesAreSources: X must then be all the source points) pairs
// rows in tiles and computes each exp() once for (i, j) and (j, i); here its
// per-row partial sums are rebuilt row by row in the same order, which costs
// one exp() per pair and row owned (about twice the one-process symmetric
// work per pair, divided over the ranks).
void kernel_sum_rows(const Particles& X, long first, long count, const KernelSources& sources,
                     const KernelRequest& request, KernelResult& out);

void kernel_sum_reference(const Particles& X, const KernelSources& sources, const KernelRequest& request,
                          KernelResult& out);

// Euclidean distance from each query row to its nearest (d1) and second
// nearest (d2) reference row (d2 = +inf when the reference has one row): the
// same distance loop as the kernel, with a min-reduction instead of a softmax.
struct NearestDistances {
  Vector d1, d2;
};
NearestDistances nearest_distances(const Particles& queries, const Particles& reference);

}  // namespace wprox
