#pragma once
// Private helpers shared by the tensor-train sources: views of a core's
// unfoldings, truncated SVD with a tolerance, maxvol, and grid checks.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "wprox/tensor_train.hpp"

namespace wprox::tt_detail {

using ConstMap = Eigen::Map<const Matrix>;
using MutMap = Eigen::Map<Matrix>;

// The right unfolding of a core (r_k x n_k r_{k+1}, column i + n_k b):
// the same memory as the left unfolding, read with r_k rows.
inline ConstMap right_unfolding(const Matrix& core, int r_left) {
  return ConstMap(core.data(), r_left, core.size() / r_left);
}

// A Matrix whose column-major memory is `m` reread as rows x cols.
inline Matrix reshaped(const Matrix& m, Eigen::Index rows, Eigen::Index cols) {
  return ConstMap(m.data(), rows, cols);
}

// Thin SVD A = U diag(s) V^T, singular values in decreasing order.
struct Svd {
  Matrix U;
  Vector s;
  Matrix V;
};
Svd thin_svd(const Matrix& A);

// A truncation A ≈ U diag(s) V^T with ||A - U diag(s) V^T||_F = discarded
// (exactly, up to rounding) and rank = U.cols() the smallest that keeps
// discarded <= max_discard, capped by max_rank (capped says the cap cut
// deeper than the tolerance).
struct Truncation {
  Matrix U;
  Vector s;
  Matrix V;
  double discarded = 0.0;
  bool capped = false;
};
// For a large A of low numerical rank: a randomized range finder
// (Gaussian test matrix of rank_hint + 8 columns from RandomStream(seed,
// purpose, item, attempt)), whose residual ||A - Q Q^T A||_F is computed exactly
// and folded into the truncation, the sketch doubling until the residual
// is under half the budget; then the SVD of the small Q^T A. So the bound
// is never a guess; only the work depends on the sketch. Small or nearly
// full-rank A: a plain SVD. O(m c k) instead of O(m c min(m, c)).
Truncation truncated_svd(const Matrix& A, double max_discard, int max_rank, int rank_hint, std::uint64_t seed,
                         std::uint64_t purpose, std::uint64_t item);

// The smallest rank r in [1, min(max_rank, s.size())] whose discarded tail
// sqrt(Σ_{j >= r} s_j^2) is <= max_discard; *discarded gets that tail norm
// and *capped is set when max_rank stopped the search short of the
// tolerance. With s empty returns 1 and discards nothing.
int choose_rank(const Vector& s, double max_discard, int max_rank, double* discarded, bool* capped = nullptr);

// Row indices of an r x r submatrix of A (m x r, m >= r, full column rank)
// of locally maximal volume: no single row swap grows |det| by more than
// the factor `growth`. Starts from the pivots of Gaussian elimination with
// partial pivoting. Deterministic: ties go to the lowest index.
std::vector<int> maxvol(const Matrix& A, double growth = 1.01);

// The thin Q factor (m x min(m, n)) and R (min(m, n) x n) of A = Q R.
void thin_qr(const Matrix& A, Matrix& Q, Matrix& R);

// Throws DimensionMismatch / InputError unless a and b live on the same
// grid (same sizes, identical nodes and weights). `what` names the caller.
void require_same_grid(const TensorTrain& a, const TensorTrain& b, const char* what);

// Left-orthogonalizes cores 0..d-2 in place (each left unfolding gets
// orthonormal columns, the R factor moves right). Ranks may shrink to
// min(r_k n_k, r_{k+1}). Returns nothing; the norm then sits in the last core.
void left_orthogonalize(std::vector<Matrix>& cores, const std::vector<int>& sizes);

// Copies of the axes' sizes.
std::vector<int> sizes_of(const std::vector<TTAxis>& axes);

}  // namespace wprox::tt_detail
