#pragma once
// Distances between finite samples, for judging generative models (and any
// method whose output is a point cloud) against data.
//
// All functions are exact (brute force over every pair, no approximate
// nearest-neighbour search), parallel over rows with TBB, and return the same
// bits for any thread count. Rows of the matrices are points; the two
// matrices of a call must have the same number of columns (DimensionMismatch
// otherwise).
#include <cstdint>

#include "wprox/kernel.hpp"

namespace wprox {

// nearest_distances() (nearest and second-nearest reference point) is in
// wprox/kernel.hpp, beside the kernel whose distance loop it shares.

// Sample mean and covariance (normalized by N - 1) of the rows of X.
Vector sample_mean(const Particles& X);
Matrix sample_covariance(const Particles& X);

// Median of the entries (mean of the two middle ones for an even count).
// An empty vector gives NaN.
double median(const Vector& v);

// Fraction of queries with d1 < ratio * d2: a point that sits much closer to
// one reference point than to any other is taken as a copy of it.
double memorized_fraction(const NearestDistances& nn, double ratio = 1.0 / 3.0);

// Median of |x_i - x_j| over pairs i < j of the first min(rows, max_points)
// rows: the usual bandwidth for a Gaussian kernel (the median heuristic).
double median_pairwise_distance(const Particles& X, long max_points = 1000);

// Maximum mean discrepancy with the Gaussian kernel k(x, y) = exp(-|x - y|^2 /
// (2 h^2)): the square root of the biased (V-statistic) estimate
//   MMD^2 = mean k(X, X) + mean k(Y, Y) - 2 mean k(X, Y).
// The biased form is >= 0 and is of order 1/sqrt(n) even for two samples of
// one distribution, which makes "close to the MMD of two true samples of the
// same size" a meaningful comparison. Requires h > 0 and non-empty inputs.
double gaussian_mmd(const Particles& X, const Particles& Y, double bandwidth);

// Sliced 2-Wasserstein distance: sqrt of the mean over `projections` random
// unit directions theta (direction p from RandomStream(seed, "sliced_w2.direction", p)) of W2^2 between the
// 1-D empirical measures of theta.x and theta.y. The sample sizes may differ
// (the 1-D distance is computed exactly from the two quantile functions).
double sliced_w2(const Particles& X, const Particles& Y, long projections, std::uint64_t seed);

// Exact W2 between two 1-D empirical measures (uniform weights); the inputs
// need not be sorted.
double wasserstein2_1d(const Vector& a, const Vector& b);

}  // namespace wprox
