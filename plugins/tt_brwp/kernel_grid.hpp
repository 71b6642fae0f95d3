#pragma once
// The tensor grid of TT-BRWP and what on it does not depend on the
// particles: the Gauss-Legendre axes on a box, the heat-kernel matrices
// K_k(i, j) = exp(-beta (x_i - x_j)^2 / (4T)) w_j (one per axis, applied by
// tt_apply), E = exp(-beta V / 2) by cross from batched potential
// evaluations (tt_cross_log, so V's range does not overflow), and
// Z = K E, the normalizer of the kernel formula. E and Z depend only on
// (V, beta, T, box, n), so a run builds them once per box.
#include <string>
#include <vector>

#include <wprox/sdk.hpp>
#include <wprox/tensor_train.hpp>

namespace wprox::tt_brwp {

// Grids with at most this many points are handled through all their
// values (exact up to TT-SVD at kExactTol or cross_tol) instead of by cross.
constexpr double kFullGridPoints = double(1L << 21);
constexpr double kExactTol = 1e-13;

// Every point of the grid, C order (last axis fastest), one per row.
RowMatrix grid_points(const std::vector<TTAxis>& axes);

struct Box1 {
  Vector lo, hi;
};

// What a run passes to every cross: tolerance, rank cap, the particles as
// initial points, and the step's seed.
TTCrossOptions cross_options(double tol, int max_rank, const Particles& X, std::uint64_t seed);

class KernelGrid {
 public:
  // Builds the axes, the heat-kernel matrices, E (by cross) and Z. RunError(step, ...)
  // naming the tolerance reached when the cross of E does not converge.
  KernelGrid(const Potential& V, double beta, double T, const Box1& box, int n, double tol, int max_rank,
             const Particles& X, std::uint64_t seed, long step);

  const Box1& box() const { return box_; }
  const std::vector<TTAxis>& axes() const { return axes_; }
  const std::vector<Matrix>& heat() const { return heat_; }
  const TensorTrain& E() const { return E_; }  // exp(-beta V / 2 - log_scale)
  const TensorTrain& Z() const { return Z_; }
  long evaluations() const { return evaluations_; }  // potential values the cross of E took

  // Whether every particle lies inside the box by at least `inset` per axis.
  bool holds(const Particles& X, const Vector& inset) const;

 private:
  Box1 box_;
  std::vector<TTAxis> axes_;
  std::vector<Matrix> heat_;
  TensorTrain E_, Z_;
  long evaluations_ = 0;
};

// The automatic box: the particles' range widened by margin_k on axis k.
Box1 particle_box(const Particles& X, const Vector& margin);

// Peak bytes of one step on this grid: the crosses (tt_cross_bytes), the
// per-particle work of the quadrature score (N x max_rank per axis, with
// room), the heat-kernel matrices and the trains a step keeps.
double step_bytes(int d, int n, int max_rank, long N);

}  // namespace wprox::tt_brwp
