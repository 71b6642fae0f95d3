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
#include <type_traits>

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

// One query's sums over the sources of `src`, added to its running state
// `a` block by block. D > 0: the dimension as a compile-time constant (lets
// the compiler keep all accumulators in registers); D == 0: any dimension.
template <int D>
void fold_query(const double* x, const SourcesSoA& src, double c, Accumulator<D>& a) {
  const int d = D > 0 ? D : src.d;
  const long P = src.padded;
  const double* Yc = src.coords.data();
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
}

// The mean and lse from a query's state: the lanes combined in a fixed order.
template <int D>
void finish_query(const Accumulator<D>& a, int d, double* out, double* lse) {
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
    for (long i = r.begin(); i < r.end(); ++i) {
      Accumulator<D> a(src.d);
      fold_query<D>(X.row(i).data(), src, c, a);
      finish_query<D>(a, src.d, out.row(i).data(), lse ? &(*lse)[i] : nullptr);
    }
  });
}

// A query's state in RingPartials: m, the kLanes weight sums, then the
// kLanes sums of each coordinate.
long state_size(int d) { return 1 + kLanes + long(d) * kLanes; }

template <int D>
void load_state(const double* st, int d, Accumulator<D>& a) {
  a.m = st[0];
  for (int l = 0; l < kLanes; ++l) a.s[l] = st[1 + l];
  for (int q = 0; q < d * kLanes; ++q) a.acc[q] = st[1 + kLanes + q];
}

template <int D>
void store_state(const Accumulator<D>& a, int d, double* st) {
  st[0] = a.m;
  for (int l = 0; l < kLanes; ++l) st[1 + l] = a.s[l];
  for (int q = 0; q < d * kLanes; ++q) st[1 + kLanes + q] = a.acc[q];
}

template <int D>
void ring_fold(const Particles& X, const SourcesSoA& block, double c, RingPartials& p) {
  const long w = state_size(p.d);
  tbb::parallel_for(tbb::blocked_range<long>(0, X.rows(), kQueryGrain), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i) {
      Accumulator<D> a(p.d);
      double* st = p.v.data() + i * w;
      load_state<D>(st, p.d, a);
      fold_query<D>(X.row(i).data(), block, c, a);
      store_state<D>(a, p.d, st);
    }
  });
}

template <int D>
void ring_finish(const RingPartials& p, Particles& out, Vector* lse) {
  const long w = state_size(p.d);
  tbb::parallel_for(tbb::blocked_range<long>(0, p.rows, kQueryGrain), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i) {
      Accumulator<D> a(p.d);
      load_state<D>(p.v.data() + i * w, p.d, a);
      finish_query<D>(a, p.d, out.row(i).data(), lse ? &(*lse)[i] : nullptr);
    }
  });
}

// Calls f(std::integral_constant<int, D>) with D = d where a compile-time
// dimension is compiled, else D = 0.
template <typename F>
void with_dimension(int d, F&& f) {
  switch (d) {
    case 1: return f(std::integral_constant<int, 1>());
    case 2: return f(std::integral_constant<int, 2>());
    case 3: return f(std::integral_constant<int, 3>());
    case 4: return f(std::integral_constant<int, 4>());
    case 5: return f(std::integral_constant<int, 5>());
    case 6: return f(std::integral_constant<int, 6>());
    case 8: return f(std::integral_constant<int, 8>());
    case 10: return f(std::integral_constant<int, 10>());
    default: return f(std::integral_constant<int, 0>());
  }
}

}  // namespace

void isotropic_general(const Particles& X, const SourcesSoA& src, double c, Particles& mean, Vector* lse) {
  mean.resize(X.rows(), X.cols());
  // Compile-time dimensions keep every accumulator in registers; the
  // generic path handles the rest at about half the speed.
  with_dimension(int(X.cols()), [&](auto D) { run_fast<decltype(D)::value>(X, src, c, mean, lse); });
}

void general_ring_start(long rows, int d, RingPartials& p) {
  p.rows = rows;
  p.d = d;
  p.v.assign(std::size_t(rows * state_size(d)), 0.0);
  for (long i = 0; i < rows; ++i) p.v[std::size_t(i * state_size(d))] = kNegInf;  // as a fresh Accumulator
}

void general_ring_block(const Particles& own, const SourcesSoA& block, double c, RingPartials& p) {
  if (block.n == 0) return;
  with_dimension(p.d, [&](auto D) { ring_fold<decltype(D)::value>(own, block, c, p); });
}

void general_ring_finish(const RingPartials& p, Particles& mean, Vector* lse) {
  mean.resize(p.rows, p.d);
  if (lse) lse->resize(p.rows);
  with_dimension(p.d, [&](auto D) { ring_finish<decltype(D)::value>(p, mean, lse); });
}

}  // namespace wprox::kernel_detail::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
