// Isotropic sources, mean of the points and lse: the general fast path.
//
// Log-space evaluation is a one-pass "online softmax": sources are taken in
// blocks of kBlock (the exponents of one block live in L1); a block's
// maximum exponent m_blk is found first, and when it exceeds the running
// maximum m the running sums are rescaled by exp(m - m_blk). Every exp()
// argument is therefore <= 0 and nothing overflows; the sum of weights is
// >= 1 once the maximum term has been seen, so terms that underflow
// (< 1e-308 relative) cannot change a double result.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "exp_nonpositive.hpp"
#include "kernel_paths.hpp"

#include <wprox/simd_region_begin.hpp>

namespace wprox::kernel_detail::WPROX_SIMD_NS {
namespace {

// kLanes doubles as one value; the target splits it into its registers.
// (Loaded by memcpy in place: a function returning one would change the
// calling convention between targets, which GCC warns about.)
typedef double Lanes __attribute__((vector_size(kLanes * sizeof(double))));
constexpr bool kVectorPass1 = WPROX_SIMD_LEVEL == 2;

// Running state of one query's online softmax.
template <int D>
struct Accumulator {
  static constexpr int kMaxFixed = D > 0 ? D : 1;
  double m = kNegInf;
  alignas(64) double s[kLanes] = {};
  // D > 0: fixed-size storage; D == 0: dynamic (d entries of kLanes).
  std::vector<double> dyn;
  alignas(64) double fixed[kMaxFixed * kLanes] = {};
  double* acc = fixed;

  explicit Accumulator(int d) {
    if (D == 0) {
      dyn.assign(std::size_t(d) * kLanes, 0.0);
      acc = dyn.data();
    }
  }
  void rescale(double factor, int d) {
    for (int l = 0; l < kLanes; ++l) s[l] *= factor;
    for (int q = 0; q < d * kLanes; ++q) acc[q] *= factor;
  }
};

// One query against every source. D > 0: the dimension as a compile-time
// constant (lets the compiler keep all accumulators in registers); D == 0:
// any dimension.
template <int D>
void one_query(const double* x, const SourcesSoA& src, double c, double* out, double* lse) {
  const int d = D > 0 ? D : src.d;
  const long P = src.padded;
  const double* Yc = src.coords.data();
  Accumulator<D> a(d);
  alignas(64) double e[kBlock];

  for (long j0 = 0; j0 < P; j0 += kBlock) {
    const long len = std::min(kBlock, P - j0);  // a multiple of kLanes
    const double* bb = src.b.data() + j0;
    // Pass 1: exponents and their lane-wise maximum.
    alignas(64) double mx[kLanes];
    for (int l = 0; l < kLanes; ++l) mx[l] = kNegInf;
    if (D > 0 && kVectorPass1) {
      // AVX-512: written on kLanes-wide vectors (GCC's vector extension).
      // Written as the plain per-lane code below, GCC (12) leaves this loop
      // scalar for AVX-512: it does not vectorize the lane-wise maximum (a ?: on
      // doubles, not a max); the general path then ran at 0.6-0.7 of the
      // hand-fused loop. On AVX2 the plain code vectorizes and is the faster
      // one (the vector form runs at ~0.6 of it), so each target keeps its
      // form. Every lane runs the same operations in the same order in both:
      // the bits do not depend on the form.
      Lanes mv;
      for (int l = 0; l < kLanes; ++l) mv[l] = kNegInf;
      for (long j = 0; j < len; j += kLanes) {
        Lanes dist = {}, y, bj;
        for (int k = 0; k < D; ++k) {
          std::memcpy(&y, Yc + k * P + j0 + j, sizeof y);
          const Lanes t = x[k] - y;
          dist += t * t;
        }
        std::memcpy(&bj, bb + j, sizeof bj);
        const Lanes v = bj - c * dist;
        std::memcpy(e + j, &v, sizeof v);
        mv = v > mv ? v : mv;
      }
      for (int l = 0; l < kLanes; ++l) mx[l] = mv[l];
    } else if (D > 0) {
      for (long j = 0; j < len; j += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
          double dist = 0.0;
          for (int k = 0; k < D; ++k) {
            const double t = x[k] - Yc[k * P + j0 + j + l];
            dist += t * t;
          }
          const double v = bb[j + l] - c * dist;
          e[j + l] = v;
          mx[l] = v > mx[l] ? v : mx[l];
        }
      }
    } else {
      for (long j = 0; j < len; ++j) e[j] = 0.0;
      for (int k = 0; k < d; ++k) {
        const double xk = x[k];
        const double* yk = Yc + std::size_t(k) * P + j0;
        for (long j = 0; j < len; j += kLanes) {
          for (int l = 0; l < kLanes; ++l) {
            const double t = xk - yk[j + l];
            e[j + l] += t * t;
          }
        }
      }
      for (long j = 0; j < len; j += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
          const double v = bb[j + l] - c * e[j + l];
          e[j + l] = v;
          mx[l] = v > mx[l] ? v : mx[l];
        }
      }
    }
    double bm = mx[0];
    for (int l = 1; l < kLanes; ++l) bm = mx[l] > bm ? mx[l] : bm;
    if (bm > a.m) {
      a.rescale(exp_nonpositive(a.m - bm), d);
      a.m = bm;
    }
    if (a.m == kNegInf) continue;  // every weight so far is exactly zero
    const double m = a.m;
    // Pass 2: weights relative to the running maximum, accumulated per lane.
    if (D > 0) {
      // The sums in local arrays for the loop: through the pointer a.acc the
      // compiler has to assume that they alias e or Yc, and keeps them in
      // memory, a store and a load per step on the loop's critical path.
      // The same operations in the same order: no bit changes.
      constexpr int kFixed = D > 0 ? D : 1;
      alignas(64) double s[kLanes], acc[kFixed * kLanes];
      for (int l = 0; l < kLanes; ++l) s[l] = a.s[l];
      for (int q = 0; q < kFixed * kLanes; ++q) acc[q] = a.acc[q];
      for (long j = 0; j < len; j += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
          const double w = exp_nonpositive(e[j + l] - m);
          s[l] += w;
          for (int k = 0; k < D; ++k) acc[k * kLanes + l] += w * Yc[k * P + j0 + j + l];
        }
      }
      for (int l = 0; l < kLanes; ++l) a.s[l] = s[l];
      for (int q = 0; q < kFixed * kLanes; ++q) a.acc[q] = acc[q];
    } else {
      for (long j = 0; j < len; j += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
          const double w = exp_nonpositive(e[j + l] - m);
          e[j + l] = w;
          a.s[l] += w;
        }
      }
      for (int k = 0; k < d; ++k) {
        const double* yk = Yc + std::size_t(k) * P + j0;
        double* ak = a.acc + k * kLanes;
        for (long j = 0; j < len; j += kLanes)
          for (int l = 0; l < kLanes; ++l) ak[l] += e[j + l] * yk[j + l];
      }
    }
  }
  // Combine the lanes in a fixed order.
  double s = 0.0;
  for (int l = 0; l < kLanes; ++l) s += a.s[l];
  for (int k = 0; k < d; ++k) {
    double v = 0.0;
    for (int l = 0; l < kLanes; ++l) v += a.acc[k * kLanes + l];
    out[k] = v / s;  // s == 0 only when every weight is zero: NaN, as documented
  }
  if (lse) *lse = a.m + std::log(s);
}

template <int D>
void run_fast(const Particles& X, const SourcesSoA& src, double c, Particles& out, Vector* lse) {
  tbb::parallel_for(tbb::blocked_range<long>(0, X.rows(), kQueryGrain), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i)
      one_query<D>(X.row(i).data(), src, c, out.row(i).data(), lse ? &(*lse)[i] : nullptr);
  });
}

}  // namespace

void isotropic_general(const Particles& X, const SourcesSoA& src, double c, Particles& mean, Vector* lse) {
  mean.resize(X.rows(), X.cols());
  // Compile-time dimensions keep every accumulator in registers; the
  // generic path handles the rest at about half the speed.
  switch (X.cols()) {
    case 1: run_fast<1>(X, src, c, mean, lse); break;
    case 2: run_fast<2>(X, src, c, mean, lse); break;
    case 3: run_fast<3>(X, src, c, mean, lse); break;
    case 4: run_fast<4>(X, src, c, mean, lse); break;
    case 5: run_fast<5>(X, src, c, mean, lse); break;
    case 6: run_fast<6>(X, src, c, mean, lse); break;
    case 8: run_fast<8>(X, src, c, mean, lse); break;
    case 10: run_fast<10>(X, src, c, mean, lse); break;
    default: run_fast<0>(X, src, c, mean, lse); break;
  }
}

}  // namespace wprox::kernel_detail::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
