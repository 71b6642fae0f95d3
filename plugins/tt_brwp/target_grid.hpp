#pragma once
// What TT-BRWP keeps about the target on one box (docs/tt-brwp.md, "The
// factored kernel formula"): the model q (target_model.hpp) in closed
// form, and on a Gauss-Legendre grid in the model's frame u (x = m + U u)
// the residual
//
//   e(u) = exp(-beta (V(x) - q(x)) / 2 - log_scale)     (a tensor train)
//
// so that E = exp(-beta V / 2) = exp(-beta q / 2) e. With c = beta / (4T),
// lambda_k = beta eta_k / 2 + 2c, alpha_k = 2c / lambda_k, the normalizer
// Z(y) = ∫ E(z) exp(-c |z - y|^2) dz is, up to a constant,
//
//   Z(y) = exp(-Σ_k p_k u'_k^2 / 2) z(u'),   p_k = 2c beta eta_k / (2 lambda_k),
//   z(u') = ∫ Π_k N(u_k; alpha_k u'_k, 1/lambda_k) e(u) du,
//
// (u' = U^T (y - m)): a closed-form Gaussian times the Gaussian average of
// the residual, separable in the frame. z's tensor train is tt_apply of
// e with one smoothing matrix per axis (exact for e's interpolant however
// narrow the Gaussians are, TTAxisInterpolant), and r = 1 / z is kept as a
// train for the Gaussian estimate's score. For a Gaussian target (q = V)
// e, z and r are constants: rank 1.
//
// The grid has all its values (TT-SVD to kExactTol) when it has at most
// kFullGridPoints points, so that the residual keeps its relative accuracy
// far below its maximum; otherwise e comes from tt_cross_log and r from
// tt_divide_cross, both to cross_tol.
#include <cstdint>
#include <vector>

#include <wprox/sdk.hpp>
#include <wprox/tensor_train.hpp>

#include "target_model.hpp"

namespace wprox::tt_brwp {

constexpr double kFullGridPoints = double(1L << 21);
constexpr double kExactTol = 1e-13;
constexpr double kReliable = 1e-9;

// Every point of the grid, C order (last axis fastest), one per row.
RowMatrix grid_points(const std::vector<TTAxis>& axes);

struct Box1 {
  Vector lo, hi;
};

// What a run passes to every cross: tolerance, rank cap, points where the
// function has its mass (rows, the grid's coordinates), the seed.
TTCrossOptions cross_options(double tol, int max_rank, const RowMatrix& points, std::uint64_t seed);

// lambda_k, alpha_k, p_k above for the model's eta.
struct NormalizerConstants {
  double c = 0;
  Vector lambda, alpha, p;
};
NormalizerConstants normalizer_constants(const Vector& eta, double beta, double T);

struct GridSettings {
  double beta = 1.0, T = 0.1;
  int n = 48;
  double tol = 1e-6;
  int max_rank = 32;
  bool want_inverse = true;  // build r = 1 / z (the Gaussian estimate needs it)
};

class TargetGrid {
 public:
  // `seeds`: points (frame coordinates) where the particles are. RunError(step, ...)
  // naming the tolerance when a TT does not reach it.
  TargetGrid(const Potential& V, TargetModel model, const Box1& box, const GridSettings& s, const RowMatrix& seeds,
             std::uint64_t seed, long step);

  const TargetModel& model() const { return model_; }
  const Box1& box() const { return box_; }
  const std::vector<TTAxis>& axes() const { return axes_; }
  const std::vector<TTAxisInterpolant>& interpolants() const { return interp_; }
  bool full() const { return full_; }
  double T() const { return s_.T; }
  double c() const { return c_; }                       // beta / (4T)
  const Vector& z_precision() const { return lambda_; }  // lambda_k
  const Vector& z_shrink() const { return alpha_; }      // alpha_k
  const Vector& z_gauss() const { return p_; }           // p_k
  const TensorTrain& residual() const { return e_; }     // e
  const TensorTrain& inverse() const { return r_; }      // r = 1 / z (want_inverse)
  const std::vector<double>& inverse_values() const { return r_values_; }  // r at every grid point (full grids)
  long evaluations() const { return evaluations_; }     // potential values taken
  double error() const { return error_; }               // TT-SVD bound or cross validation error (largest)

  // log Z at points given in frame coordinates (rows), by the Gaussian
  // average of e around alpha u' (constants included: for V = x^T A x / 2
  // it is the exact log ∫ exp(-beta V(z) / 2 - c |z - y|^2) dz). Parallel.
  // reliable (when not null) flags the points whose Gaussian lies inside
  // the box (3 sd) and whose average is at least kReliable of e's maximum:
  // below that the train, accurate to ~1e-13 of its maximum, has no
  // relative accuracy left.
  void log_normalizer(const RowMatrix& Uq, Vector& out, std::vector<char>* reliable = nullptr) const;

 private:
  TargetModel model_;
  Box1 box_;
  GridSettings s_;
  std::vector<TTAxis> axes_;
  std::vector<TTAxisInterpolant> interp_;
  bool full_ = false;
  double c_ = 0;
  Vector lambda_, alpha_, p_;
  TensorTrain e_, r_;
  double log_scale_ = 0;
  std::vector<double> r_values_;
  long evaluations_ = 0;
  double error_ = 0;
};

// Peak bytes of one step on this grid: the crosses (tt_cross_bytes), the
// trains kept, the full grid's values when it is small, the particles'
// scratch.
double step_bytes(int d, int n, int max_rank, long N);

}  // namespace wprox::tt_brwp
