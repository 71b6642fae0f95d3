// The yardstick for the kernel's speed in bench_brwp: the plainest loop
// that computes the same softmax mean, written by hand for the isotropic
// case and compiled once per SIMD target like the kernel (wprox/simd_region_begin.hpp).
// One pass per query over sources in structure-of-arrays form: distance,
// exp, accumulate, with kLanes partial sums. It knows the largest log
// weight B in advance, so it needs no running maximum and no second pass:
// the least work per pair a log-space kernel could do (it would overflow
// or lose everything for exponents the kernel handles; here they are O(1)).
#include <algorithm>
#include <cmath>
#include <vector>

#include "fused_loop.hpp"

#include "exp_nonpositive.hpp"
#include <wprox/simd_region_begin.hpp>

namespace wprox::bench::WPROX_SIMD_NS {
namespace {

// One vector register of doubles per partial sum, the natural width of
// each target: a loop written for this target alone.
constexpr int kLanes = WPROX_SIMD_LEVEL == 2 ? 8 : WPROX_SIMD_LEVEL == 1 ? 4 : 2;

template <int D>
void fused_rows(const Particles& X, const double* Yc, const double* b, long P, double c, Particles& mean) {
  for (long i = 0; i < X.rows(); ++i) {
    double x[D];
    for (int k = 0; k < D; ++k) x[k] = X(i, k);
    alignas(64) double s[kLanes] = {};
    alignas(64) double acc[D * kLanes] = {};
    for (long j = 0; j < P; j += kLanes)
      for (int l = 0; l < kLanes; ++l) {
        double dist = 0.0;
        for (int k = 0; k < D; ++k) {
          const double t = x[k] - Yc[k * P + j + l];
          dist += t * t;
        }
        const double w = kernel_detail::WPROX_SIMD_NS::exp_nonpositive(b[j + l] - c * dist);
        s[l] += w;
        for (int k = 0; k < D; ++k) acc[k * kLanes + l] += w * Yc[k * P + j + l];
      }
    double total = 0.0;
    for (int l = 0; l < kLanes; ++l) total += s[l];
    for (int k = 0; k < D; ++k) {
      double v = 0.0;
      for (int l = 0; l < kLanes; ++l) v += acc[k * kLanes + l];
      mean(i, k) = v / total;
    }
  }
}

}  // namespace

bool fused_mean(const Particles& X, const Particles& Y, const Vector& b, double c, Particles& mean) {
  const long n = Y.rows(), P = (n + kLanes - 1) / kLanes * kLanes;
  const int d = int(Y.cols());
  // Coordinates transposed and padded; b shifted by its maximum (<= 0) and
  // -inf in the padding.
  std::vector<double> Yc(std::size_t(d) * P, 0.0), bs(std::size_t(P), -INFINITY);
  const double B = b.maxCoeff();
  for (long j = 0; j < n; ++j) {
    for (int k = 0; k < d; ++k) Yc[std::size_t(k) * P + j] = Y(j, k);
    bs[std::size_t(j)] = b[j] - B;
  }
  mean.resize(X.rows(), d);
  switch (d) {
    case 2: fused_rows<2>(X, Yc.data(), bs.data(), P, c, mean); return true;
    case 10: fused_rows<10>(X, Yc.data(), bs.data(), P, c, mean); return true;
    default: return false;
  }
}

}  // namespace wprox::bench::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
