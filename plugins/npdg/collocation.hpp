#pragma once
// Collocation points of an elliptic problem and the problem data on them.
//
// Points are columns (dim x n, column-major: the networks' batch layout).
// Point i of draw `round` comes from RandomStream(seed, i, 3 round + purpose)
// (purpose 0: interior, 1: boundary), so a set is the same for any thread
// count and a resampling round is reproducible on its own.
//  * interior, random: i.i.d. uniform on Omega = [lower, upper]^d;
//  * interior, halton: a randomized quasi-Monte Carlo set: point i is the
//    Halton point i (radical inverses of i in the first d primes) with every
//    digit of coordinate k at level l passed through a random permutation
//    pi_{k,l} of {0, ..., p_k - 1} (drawn per round from
//    RandomStream(seed, k, 3 round + 2)). Each point is still uniform on Omega
//    (the quadrature stays unbiased), but the set fills Omega more evenly:
//    for smooth integrands of low effective dimension its error falls
//    faster than the 1/sqrt(n) of i.i.d. points. Scrambling also removes the
//    correlations of plain Halton between coordinates of large bases.
//  * boundary: uniform on the boundary: a face chosen uniformly among the 2d
//    (equal areas), then uniform coordinates on it (always i.i.d.: the
//    boundary penalty's integrand vanishes at the solution, so its Monte
//    Carlo noise does too).
// Monte Carlo quadrature uses plain means over a set: integrals over Omega
// (volume 1 for the unit cube) and over the boundary divided by its area.
#include <cstdint>
#include <string>
#include <vector>

#include <wprox/data.hpp>

#include <wprox/kinds/elliptic.hpp>

namespace wprox::npdg {

enum class PointSequence { random, halton };
// "random" or "halton"; InputError otherwise.
PointSequence point_sequence_from_name(const std::string& name);
const char* point_sequence_name(PointSequence s);

Matrix sample_interior(const EllipticProblem& p, long n, std::uint64_t seed, std::uint64_t round,
                       PointSequence sequence = PointSequence::random);
// axis (when not null) receives the coordinate each point is pinned by: the
// boundary normal is +-e_axis.
Matrix sample_boundary(const EllipticProblem& p, long n, std::uint64_t seed, std::uint64_t round,
                       std::vector<int>* axis = nullptr);

// Interior points with a, grad a and f on them.
struct InteriorData {
  Matrix X;       // dim x n
  Vector a;       // n
  Matrix grad_a;  // dim x n
  Vector f;       // n
};
// Boundary points with the Dirichlet data g and its tangential gradient.
struct BoundaryData {
  Matrix X;                // dim x n
  Vector g;                // n
  std::vector<int> axis;   // the normal of point j is +-e_axis[j]
  Matrix tangential;       // dim x n: 1, and 0 at (axis[j], j): projects onto the face
  Matrix grad_g;           // dim x n: the tangential gradient of g (normal entry 0)
};
// Held-out interior points with the exact solution, for error measurement.
struct ReferenceData {
  Matrix X;       // dim x n
  Vector u;       // u*
  Matrix grad_u;  // grad u*, dim x n
  double l2_sq = 0, grad_sq = 0;  // means of u*^2 and |grad u*|^2 over the points
};

InteriorData interior_data(const EllipticProblem& p, Matrix X);
// axis: as filled by sample_boundary (the pinned coordinate of each point).
BoundaryData boundary_data(const EllipticProblem& p, Matrix X, std::vector<int> axis);
ReferenceData reference_data(const EllipticProblem& p, Matrix X);

// The points a training loop uses at each step: drawn at step 1 and again
// every `resample_every` steps (0: never again), round = (k - 1) / resample_every.
class CollocationSchedule {
 public:
  // InputError unless interior >= 1, boundary >= 1 and resample_every >= 0.
  CollocationSchedule(const EllipticProblem& p, long interior, long boundary, long resample_every,
                      std::uint64_t seed, PointSequence sequence = PointSequence::random);
  // Makes the sets of step k (1-based) current; true when they were redrawn.
  bool update(long k);
  const InteriorData& interior() const { return in_; }
  const BoundaryData& boundary() const { return bd_; }
  long rounds_drawn() const { return rounds_; }
  // Checkpoints: the round in use (-1: none yet) and the rounds drawn.
  long current_round() const { return current_; }
  // Makes `round` current (its sets drawn again: they depend on the round
  // alone) with `rounds` counted as drawn. InputError when out of range.
  void restore(long round, long rounds);

 private:
  const EllipticProblem& p_;
  long n_in_, n_bd_, every_;
  std::uint64_t seed_;
  PointSequence sequence_;
  long current_ = -1, rounds_ = 0;
  InteriorData in_;
  BoundaryData bd_;
  void draw(long round);
};

}  // namespace wprox::npdg
