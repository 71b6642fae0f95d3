#pragma once
// Tensor-train (TT) functions on tensor-product grids.
//
// A TensorTrain holds the values of f(x_0, ..., x_{d-1}) at the nodes of a
// tensor grid (axis k has n_k nodes x_k[0..n_k)) in the factored form
//
//   f(x_0[i_0], ..., x_{d-1}[i_{d-1}]) = G_0(i_0) G_1(i_1) ... G_{d-1}(i_{d-1}),
//
// where the slice G_k(i) is an r_k x r_{k+1} matrix and r_0 = r_d = 1 (the
// r_k are the TT ranks). Storage is d * n * r^2 numbers instead of n^d.
// Each axis also carries quadrature weights, so that integrals are
//   ∫ f dx ≈ Σ_i f(x[i]) w_0[i_0] ... w_{d-1}[i_{d-1}],
// and an interpolation rule that extends f off the nodes (tt_evaluate).
//
// Core layout: core(k) is a column-major Eigen matrix of size
// (r_k n_k) x r_{k+1} with
//   G_k[a, i, b] = core(k)(a + r_k * i, b),   memory offset a + r_k (i + n_k b),
// i.e. the Fortran order of (a, i, b). The matrix itself is the left
// unfolding; the right unfolding (r_k x n_k r_{k+1}, column i + n_k b) is the
// same memory read as an r_k-row matrix; the slice G_k(i) is
// core(k).middleRows(r_k * i, r_k).
//
// Norms and tolerances: "relative Frobenius" means the discrete l2 norm of
// the grid values (no quadrature weights), relative to the norm of the
// tensor. tt_inner / tt_integral / tt_marginal use the quadrature weights.
//
// Scale: TT values are plain doubles. For functions with a large dynamic
// range (exp(-beta V / 2) with large beta V), cross them with tt_cross_log,
// which works from log f and returns exp(log f - log_scale) with the
// log_scale reported separately, so neither the cross nor the result
// overflows or flushes the mass to zero.
//
// Threading: a const TensorTrain may be read from many threads at once.
// Every function is reentrant. Those that say "parallel" run parallel_for
// over independent items and give the same bits for any thread count; the
// others are serial. Nothing here prints.
//
// Errors: bad arguments throw InputError (DimensionMismatch when two sizes
// disagree) with a one-line message quoting the values; numerical failures
// of the input data (an oracle returning NaN, a non-positive denominator)
// throw RunError(0, ...), which the caller may rethrow with its step.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "wprox/data.hpp"

namespace wprox {

// ---------------------------------------------------------------- axes ---

// How tt_evaluate extends the node values of one axis to the interval.
//   Lagrange: the polynomial of degree n-1 through all nodes (evaluated in
//     the Legendre basis by recurrence, so values and derivatives are stable
//     at and between nodes). Spectrally accurate for smooth functions on
//     Gauss-Legendre (or Chebyshev-like) nodes; do not use on uniform nodes
//     beyond ~10 points (Runge).
//   CubicSpline: the not-a-knot cubic spline (C^2; error O(h^4) in values,
//     O(h^3) in derivatives). For uniform or arbitrary nodes. With 2 nodes it
//     is the line, with 3 the parabola through them.
enum class TTInterpolation { Lagrange, CubicSpline };

// One grid axis. nodes strictly increasing (at least 2), weights the same
// length (finite; any sign), lo <= nodes.front() and nodes.back() <= hi: the
// interval [lo, hi] is the axis' part of the box on which tt_evaluate is
// defined (the ends may lie outside the nodes, as for midpoint and
// Gauss-Legendre rules).
struct TTAxis {
  std::vector<double> nodes;
  std::vector<double> weights;
  double lo = 0.0;
  double hi = 0.0;
  TTInterpolation interpolation = TTInterpolation::Lagrange;

  int size() const { return int(nodes.size()); }
};

// Throws InputError naming `what` (e.g. "axis 3") when `axis` breaks the
// rules above.
void tt_check_axis(const TTAxis& axis, const std::string& what);

// n-point Gauss-Legendre rule on [lo, hi] (exact for polynomials of degree
// <= 2n - 1), Lagrange interpolation. Nodes by Golub-Welsch, each refined by
// Newton on P_n; weights 2 / ((1 - t^2) P_n'(t)^2) scaled by (hi - lo) / 2.
// The rule on [-1, 1] is symmetric to the last bit (t_{n-1-i} = -t_i, equal
// weights); so are the nodes on a box symmetric about 0.
// InputError unless n >= 2 and lo < hi (both finite).
TTAxis tt_axis_gauss_legendre(double lo, double hi, int n);

// n uniform nodes on [lo, hi], cubic-spline interpolation:
//   Trapezoid: x_i = lo + i h, h = (hi - lo) / (n - 1), weights h (h/2 at
//     both ends): exact for linear functions, O(h^2) in general, spectral for
//     smooth periodic integrands or ones that vanish with their derivatives
//     at both ends.
//   Midpoint: cell centres x_i = lo + (i + 1/2) h, h = (hi - lo) / n,
//     weights h.
// InputError unless n >= 2 and lo < hi.
enum class TTUniformRule { Trapezoid, Midpoint };
TTAxis tt_axis_uniform(double lo, double hi, int n, TTUniformRule rule);

// Nodes 0, 1, ..., n-1 with unit weights: plain tensors, where the
// "integral" is the sum of the entries. Cubic-spline interpolation.
TTAxis tt_axis_index(int n);
std::vector<TTAxis> tt_index_axes(const std::vector<int>& sizes);

// ---------------------------------------------------------- the tensor ---

class TensorTrain {
 public:
  TensorTrain() = default;  // dim() == 0: nothing may be done with it

  // Checks every axis (tt_check_axis), that there is one core per axis
  // (d >= 1), that core k has n_k * r_k rows for an integer r_k >= 1 that
  // matches the previous core's columns, and r_0 = r_d = 1.
  // DimensionMismatch when a shape disagrees, InputError otherwise.
  TensorTrain(std::vector<TTAxis> axes, std::vector<Matrix> cores);

  int dim() const { return int(axes_.size()); }
  const std::vector<TTAxis>& axes() const { return axes_; }
  const TTAxis& axis(int k) const { return axes_.at(std::size_t(k)); }
  int size(int k) const { return axis(k).size(); }    // n_k
  int rank(int k) const;                              // r_k, k in [0, d]
  std::vector<int> sizes() const;                     // n_0 .. n_{d-1}
  std::vector<int> ranks() const;                     // r_0 .. r_d
  int max_rank() const;
  long parameters() const;                            // Σ r_k n_k r_{k+1}
  const Matrix& core(int k) const { return cores_.at(std::size_t(k)); }
  const std::vector<Matrix>& cores() const { return cores_; }

  // Multiplies f by c (in core 0).
  void scale(double c);

 private:
  std::vector<TTAxis> axes_;
  std::vector<Matrix> cores_;
};

// f(x) = Π_k factors[k](i_k): rank 1. factors[k] has n_k entries.
TensorTrain tt_separable(std::vector<TTAxis> axes, const std::vector<Vector>& factors);
// f = value everywhere (rank 1).
TensorTrain tt_constant(std::vector<TTAxis> axes, double value);

// ------------------------------------------------- full tensors, TT-SVD ---

// TT-SVD of a full tensor given as a flat C-order array (last index fastest)
// over the axes' nodes: sequential truncated SVDs (right to left), each
// discarding at most rel_tol * ||T||_F / sqrt(d - 1), so the result T' has
// ||T - T'||_F <= rel_tol ||T||_F unless max_rank cut deeper. Ranks are the
// smallest that meet that (capped by max_rank, at least 1). When not null,
// *error_bound receives the achieved bound sqrt(Σ discarded^2) / ||T||_F
// (0 for the zero tensor). Cost O(N n r) for N = Π n_k entries.
// InputError when rel_tol < 0, max_rank < 1, or values is null.
TensorTrain tt_svd(std::vector<TTAxis> axes, const double* values, double rel_tol, int max_rank,
                   double* error_bound = nullptr);
// The same over index axes (tt_axis_index) of the given sizes.
TensorTrain tt_svd(const std::vector<int>& sizes, const double* values, double rel_tol, int max_rank,
                   double* error_bound = nullptr);

// All grid values in C order. InputError above 2^27 entries (1 GiB).
std::vector<double> tt_full(const TensorTrain& tt);

// ------------------------------------------------------------ rounding ---

// Re-compresses tt in place: left-to-right QR orthogonalization, then
// right-to-left truncated SVDs, each discarding at most
// rel_tol * ||tt||_F / sqrt(d - 1) (ranks capped by max_rank, at least 1).
// Returns the achieved relative bound sqrt(Σ discarded^2) / ||tt||_F on
// ||tt_before - tt_after||_F / ||tt_before||_F: <= rel_tol unless max_rank
// cut deeper. After the call cores 1..d-1 are right-orthonormal.
// Cost O(d n r^3). InputError when rel_tol < 0 or max_rank < 1.
double tt_round(TensorTrain& tt, double rel_tol, int max_rank);

// ---------------------------------------------------- exact arithmetic ---
// Binary operations need the same grid: equal sizes (DimensionMismatch)
// and identical nodes and weights (InputError naming the axis).

// alpha a + beta b, exactly (ranks add; round afterwards).
TensorTrain tt_sum(const TensorTrain& a, const TensorTrain& b, double alpha = 1.0, double beta = 1.0);
// Pointwise product a .* b, exactly (ranks multiply; round afterwards).
TensorTrain tt_hadamard(const TensorTrain& a, const TensorTrain& b);

// ------------------------------------------- integrals, norms, marginals ---

// Σ f(x[i]) Π w_k[i_k]: the quadrature of f over the box.
double tt_integral(const TensorTrain& tt);
// Σ a(x[i]) b(x[i]) Π w_k[i_k]: the L2 inner product by quadrature.
double tt_inner(const TensorTrain& a, const TensorTrain& b);
// Σ a(x[i]) b(x[i]): the Frobenius inner product of the grid values.
double tt_dot(const TensorTrain& a, const TensorTrain& b);
// Frobenius norm of the grid values, by QR orthogonalization: for a
// difference tt_sum(a, b, 1, -1) of nearly equal tensors the absolute error
// is ~1e-16 ||a||, where sqrt(tt_dot) would err by ~1e-8 ||a||.
double tt_norm(const TensorTrain& tt);

// 1-D marginal: m(i) = Σ over all indices but i_k of f Π_{j != k} w_j, a
// vector of n_k values (a density on axis k's nodes: Σ_i m(i) w_k[i] is the
// integral). InputError for k out of range.
Vector tt_marginal(const TensorTrain& tt, int k);
// 2-D marginal on axes k != l: an n_k x n_l matrix (rows: axis k).
Matrix tt_marginal(const TensorTrain& tt, int k, int l);

// ---------------------------------------------- one matrix per axis ---

// G_k(:, j, :) <- Σ_i A[k](j, i) G_k(:, i, :) for every k: the TT of
// g(y[j]) = Σ_i Π_k A[k](j_k, i_k) f(x[i]) on the output nodes y. A[k] is m_k x n_k and out_axes[k]
// (the grid g lives on) has m_k nodes; an empty A[k] (0 x 0) leaves axis k
// as it is (out_axes[k] must then equal tt.axis(k)). Ranks are unchanged.
// DimensionMismatch for A.size() or out_axes.size() != d or a shape that
// disagrees.
TensorTrain tt_apply(const TensorTrain& tt, const std::vector<Matrix>& A, std::vector<TTAxis> out_axes);
// The same with each A[k] square (or empty), keeping the axes.
TensorTrain tt_apply(const TensorTrain& tt, const std::vector<Matrix>& A);

// The Gaussian convolution matrix of one axis, for tt_apply:
//   K(i, j) = exp(-c (out.nodes[i] - in.nodes[j])^2) * in.weights[j],
// an out.size() x in.size() matrix, so that applying K on every axis gives
// g(x) = ∫ exp(-c |x - y|^2) f(y) dy by quadrature, on the out grid. For
// the heat kernel of BRWP, exp(-beta |x - y|^2 / (4 T)), take
// c = beta / (4 T). No normalization: ∫ exp(-c s^2) ds = sqrt(pi / c) per
// axis is not divided out. InputError unless c > 0 and finite.
Matrix tt_gaussian_convolution_matrix(const TTAxis& in, const TTAxis& out, double c);

// -------------------------------------------------------- evaluation ---

using IndexMatrix = Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Values at grid multi-indices (one per row of idx, M x d): exact core
// products. Parallel over rows. values is resized to M. DimensionMismatch
// when idx.cols() != d, InputError for an index outside [0, n_k).
void tt_evaluate_indices(const TensorTrain& tt, const IndexMatrix& idx, Vector& values);

// What tt_evaluate does with a point outside the box [lo_k, hi_k]^d:
//   Clamp: each coordinate is projected onto [lo_k, hi_k]; the value is f
//     there, and a clamped coordinate's partial derivative is 0 (the
//     extension is constant along it). For densities whose box holds the
//     mass this is a small, bounded error; never an explosion.
//   Zero:  value 0 and gradient 0 (f extended by zero).
//   Error: InputError naming the first such point and coordinate.
// A point with a NaN coordinate gets NaN value and gradient under every
// rule (whatever its other coordinates).
enum class TTOutside { Clamp, Zero, Error };

// Values (and, when gradients is not null, gradients) of the interpolated f
// at M arbitrary points (rows of points, M x d), each axis by its
// TTInterpolation. values is resized to M, *gradients to M x d.
// Why these rules: samplers need f and grad f (or grad log f) of smooth
// densities at particles. On Gauss-Legendre nodes the polynomial
// interpolant converges geometrically for analytic f, derivatives
// included (48 nodes on [-4, 4]: ~1e-14 in values, ~1e-13 in gradients of
// a unit Gaussian), on the same nodes whose quadrature is exact to degree
// 2n - 1; in the Legendre basis the derivative needs no barycentric
// difference quotient, which cancels badly next to a node. On uniform
// grids a global polynomial would oscillate (Runge), so those get the C^2
// spline, whose error is O(h^4) whatever n is.
// Parallel over points; each point uses only its own scratch.
// Cost per point O(d n r^2) (Lagrange) or O(d r^2) (spline), after
// O(d n^2 r^2) of setup per call: call it with many points at once.
// DimensionMismatch when points.cols() != d.
void tt_evaluate(const TensorTrain& tt, const RowMatrix& points, Vector& values, RowMatrix* gradients = nullptr,
                 TTOutside outside = TTOutside::Clamp);

// ------------------------------------------------------------- cross ---

// A batched function oracle: fills values (resize it to points.rows()) with
// f at each row of points (M x d, coordinates on the grid's nodes). Called
// serially from the thread that runs the cross, with at most
// TTCrossOptions::max_batch rows at a time; it may run its own parallel
// loop over the rows (e.g. wprox::evaluate for a Potential).
using TTOracle = std::function<void(const RowMatrix& points, Vector& values)>;

struct TTCrossOptions {
  // Stop when both the relative change of the TT over the last sweep,
  // ||T_s - T_{s-1}||_F / ||T_s||_F (over the whole grid, computed
  // exactly in TT form), and the validation error (below) are
  // <= tolerance. Each SVD in a sweep discards at most
  // tolerance / (2 sqrt(d - 1)) of its supercore's Frobenius norm, so that
  // two sweeps can agree to the tolerance.
  double tolerance = 1e-8;
  int max_rank = 32;       // cap on every rank (>= 1)
  int initial_rank = 4;    // starting right index sets (>= 1)
  int max_sweeps = 12;     // sweeps (one pass over the d - 1 bonds, alternating direction), >= 2
  // Grid points, evaluated once, on which the validation error
  //   max_i |f(x_i) - T(x_i)| / max |f seen anywhere in the cross|
  // is measured after each sweep: up to half of them from initial_points
  // (evenly strided), the rest uniform random. Uniform points rarely land
  // in the mass of a peaked function in many dimensions, so for those the
  // relative change is what really decides; pass initial_points to make
  // the validation see the mass (and a missed mode). 0 disables the check.
  long validation_points = 256;
  long max_batch = 1L << 16;  // most points per oracle call (>= 1)
  std::uint64_t seed = 1;     // random choices come from RandomStream(seed, ...)
  // Optional points (rows, d columns) where f is large, e.g. the current
  // particles; each is snapped to the nearest node per axis. Taken in a
  // strided order, the first initial_rank distinct ones seed the index
  // sets (then the box centre and random grid points, as without them).
  RowMatrix initial_points;
};

struct TTCrossResult {
  TensorTrain tt;
  // tt_cross_log only: f ≈ exp(log_scale) * tt (log_scale is ~ max log f,
  // so tt is O(1) at the maximum). 0 for the other crosses.
  double log_scale = 0.0;
  bool converged = false;   // both criteria met within max_sweeps
  int sweeps = 0;
  long evaluations = 0;     // function values computed, validation included
  long oracle_calls = 0;    // batches handed to the oracle (0 for TT sources)
  double relative_change = std::numeric_limits<double>::infinity();
  double validation_error = std::numeric_limits<double>::infinity();  // 0 if disabled
  // The last sweep had to cut some rank to max_rank with more than the
  // per-SVD tolerance left over: a larger max_rank is needed.
  bool rank_capped = false;
  std::vector<int> ranks;   // r_0 .. r_d of tt
  // One line: "converged after S sweeps: ..." or why not (tolerance, the
  // errors reached, ranks, whether the rank cap bit), for a RunError.
  std::string message;
};

// DMRG (two-site) cross interpolation of f on the grid of `axes`.
//
// Each step of a sweep evaluates the supercore f(I_<k, i_k, i_{k+1}, J_>k+1)
// (r_k n_k x n_{k+1} r_{k+2} values in one or more oracle batches), takes
// its truncated SVD (this is what adapts the rank), picks new index sets by
// maxvol on the singular vectors, and stores an interpolating core
// U U[pivots]^{-1}. The final TT interpolates f at the pivots.
// The truncated SVD sketches the supercore with a Gaussian test matrix a
// little wider than the bond's current rank and computes the residual
// outside the sketch exactly, doubling the sketch until that residual fits
// the budget: the truncation error is accounted for, not estimated, and
// the cost is O(m c r) rather than the O(m c min(m, c)) of a full SVD.
// Cost per sweep Σ_k r_k n_k n_{k+1} r_{k+2} evaluations plus that much
// times ~3r flops. The SVD and maxvol are invariant under scaling f, so
// only the last core carries f's scale.
//
// Deterministic: the same inputs give the same bits for any thread count
// (random choices come from RandomStream(seed, ...); the oracle's batches
// are the same and in the same order).
// Not converging within max_sweeps is not an error: converged is false and
// message says why; the caller decides (typically a RunError).
// RunError(0, ...) when the oracle returns NaN or +-Inf (tt_cross) or NaN
// or +Inf (tt_cross_log, where -Inf means f = 0).
// InputError for bad options or axes, DimensionMismatch for an oracle that
// returns the wrong number of values or initial_points with d' != d columns.
TTCrossResult tt_cross(const std::vector<TTAxis>& axes, const TTOracle& f, const TTCrossOptions& opt = {});

// The same for f = exp(log_f): the oracle returns log f. Every supercore is
// exponentiated after subtracting its own maximum (the SVD and maxvol do not
// see the scale), the last one's maximum is returned as log_scale, and the
// validation error is measured relative to max f. Use this for
// exp(-beta V / 2) and other functions with a large dynamic range.
TTCrossResult tt_cross_log(const std::vector<TTAxis>& axes, const TTOracle& log_f, const TTCrossOptions& opt = {});

// Cross of a .* b and of num ./ den from the TTs' exact values at grid
// multi-indices (each supercore from interface products, O(r^3 n^2), not
// point by point). The product can also be had exactly with tt_hadamard +
// tt_round; cross pays off when the ranks are large.
// Division needs den > 0 wherever it is sampled: a sampled den <= 0 throws
// RunError(0, ...) naming the grid index, unless den_floor > 0, in which
// case every sampled den is replaced by max(den, den_floor) (for TTs of
// positive functions whose approximation dips to ~0 in the far tails).
TTCrossResult tt_multiply_cross(const TensorTrain& a, const TensorTrain& b, const TTCrossOptions& opt = {});
TTCrossResult tt_divide_cross(const TensorTrain& num, const TensorTrain& den, const TTCrossOptions& opt = {},
                              double den_floor = 0.0);

// -------------------------------------------------------------- memory ---

// Bytes of a TT's cores with these sizes (n_0..n_{d-1}) and ranks
// (r_0..r_d). DimensionMismatch unless ranks.size() == sizes.size() + 1.
std::size_t tt_bytes(const std::vector<int>& sizes, const std::vector<int>& ranks);
// Peak working memory of a cross on these sizes with ranks up to max_rank
// and batches of max_batch points (the TT three times, the largest
// supercore with its SVD, one batch of points and values, the index sets),
// so a caller can refuse a run that does not fit with an InputError.
std::size_t tt_cross_bytes(const std::vector<int>& sizes, int max_rank, long max_batch);

}  // namespace wprox
