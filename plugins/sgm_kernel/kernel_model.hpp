#pragma once
// The generalizing kernel model of docs/generative.md: a Gaussian mixture
//   pi(x) = (1/N) sum_i N(x; Z_i, Gamma_i^{-1}),  Gamma_i = L_i L_i^T + delta I,
// with L_i lower triangular, and its closed forms: log density, score,
// Laplacian ratio, the implicit score-matching loss with its gradient with
// respect to the L_i, the heat flow (still a mixture) and direct sampling.
//
// L_i are passed "packed": the d(d+1)/2 lower-triangular entries of row i of
// an N x d(d+1)/2 matrix, row by row ((0,0), (1,0), (1,1), (2,0), ...).
#include <cstdint>
#include <vector>

#include <wprox/data.hpp>
#include <wprox/random.hpp>

namespace wprox::sgm {

inline int packed_size(int d) { return d * (d + 1) / 2; }
Matrix unpack_lower(const double* packed, int d);

struct KernelModel {
  Particles centres;              // N x d
  std::vector<Matrix> precision;  // Gamma_i, symmetric positive definite
  long size() const { return centres.rows(); }
  int dim() const { return int(centres.cols()); }
};

// Throws DimensionMismatch when packed_L does not have N rows of d(d+1)/2.
KernelModel make_model(const Particles& centres, const RowMatrix& packed_L, double delta);

// The mixture smoothed by the heat kernel of variance beta^2 tau (forward
// SDE dX = beta dW run for a time tau): Gamma_i -> (Gamma_i^{-1} + beta^2 tau I)^{-1}.
KernelModel heat_flow(const KernelModel& m, double beta, double tau);

// Closed forms at one point x:
//   grad_log = -sum_i w_i Gamma_i (x - Z_i),
//   laplacian_ratio = Delta pi / pi = sum_i w_i (|Gamma_i (x - Z_i)|^2 - tr Gamma_i),
//   w_i ∝ det(Gamma_i)^{1/2} exp(-(x - Z_i)^T Gamma_i (x - Z_i) / 2).
struct PointEval {
  double log_density = 0;
  Vector grad_log;
  double laplacian_ratio = 0;
};
PointEval evaluate_point(const KernelModel& m, const double* x);

// mean over the rows x of X of 2 Delta pi / pi - |grad log pi|^2 (implicit
// score matching; equal to E|s - grad log p|^2 minus a constant). When dL is
// not null it receives d(loss)/d(packed L) (N x d(d+1)/2), where the model is
// the one make_model(centres, packed_L, delta) built. Parallel over points,
// then over centres: the same bits for any thread count.
double score_matching_loss(const KernelModel& m, const Particles& X, const RowMatrix& packed_L, RowMatrix* dL);

// score_matching_loss() in two halves, so that ranks can share its loss
// points and still give the one-process bits. The gradient is a sum over
// loss points; it is formed from fixed blocks of kLossBlock points (the last
// one shorter), each block's sum taken point by point, and the blocks added
// in block order. A block never depends on the others, nor on how many ranks
// or threads there are, so any split of the blocks over ranks followed by a
// gather reproduces the one-process association exactly.
//
// 256 points per block. A block's partial per centre is d*d + 2 doubles,
// and the gather brings every block's to every rank: 48 bytes (d = 2) per
// 256 (point, centre) pairs of the batch, of which a rank computes 256/R,
// at about 15 ns a pair on one core (d = 2, measured here): 48 bytes against
// 3.8/R us of work, 1.25% x R of a rank's work even at a slow 1 GB/s. The
// gather does not shrink with R, so it bounds the ranks worth using (a
// quarter of a rank's work at R = 20 and 1 GB/s; docs/mpi.md). Smaller blocks
// would split small batches, but a small batch costs less than the
// network's pass over the centres that every rank repeats (a batch of 64 is
// about 15% of a step of the default model), so there is nothing to gain;
// the default batch (64) stays one block, with the bits of one running sum.
constexpr long kLossBlock = 256;
inline long loss_blocks(long points) { return (points + kLossBlock - 1) / kLossBlock; }
// Doubles per (block, centre): the d x d matrix G (column-major), then the
// coefficients of Gamma_i^{-1} and of the identity (see kernel_model.cpp).
inline long partial_width(int d) { return long(d) * d + 2; }

struct LossPartials {
  Vector terms;  // the loss term 2 Delta pi / pi - |grad log pi|^2 at each row of X
  // With the gradient: loss_blocks(X.rows()) x N x partial_width(d),
  // block-major, the blocks of X's rows counted from its first row.
  std::vector<double> blocks;
};
// The rows of X must be whole blocks of the loss points (but for the last
// block of all, which may be short): X's first row starts a block.
LossPartials score_matching_partials(const KernelModel& m, const Particles& X, bool gradient);
// dL of the loss over `points` loss points from the partials of all of their
// blocks (loss_blocks(points) x N x partial_width(d), in block order).
void score_matching_gradient(const KernelModel& m, const RowMatrix& packed_L, const double* blocks, long points,
                             RowMatrix& dL);

// count samples: centre i uniform, then x = Z_i + chol(Gamma_i)^{-T} xi.
// Sample k uses RandomStream(key, k).
Particles sample_model(const KernelModel& m, long count, StreamKey key);

}  // namespace wprox::sgm
