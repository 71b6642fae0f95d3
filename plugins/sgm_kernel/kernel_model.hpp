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

// count samples: centre i uniform, then x = Z_i + chol(Gamma_i)^{-T} xi.
// Sample k uses RandomStream(key, k).
Particles sample_model(const KernelModel& m, long count, StreamKey key);

}  // namespace wprox::sgm
