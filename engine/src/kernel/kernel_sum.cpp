// The all-pairs softmax-weighted Gaussian-kernel sum (see wprox/kernel_sum.hpp).
//
// Fast path layout. Sources are transposed once per call into structure-of-
// arrays form (coordinate k of every source contiguous, padded to a multiple
// of kLanes with zero weight), so that for one query the loop over sources
// runs down contiguous memory kLanes at a time. Every reduction is written
// with an explicit array of kLanes partial results: the compiler turns those
// into one AVX-512 register each without being allowed (or needing) to
// reassociate anything, so the summation order is fixed by the source code,
// not by the optimizer or the thread schedule.
//
// Log-space evaluation is a one-pass "online softmax": sources are taken in
// blocks of kBlock (the exponents of one block live in L1); a block's
// maximum exponent m_blk is found first, and when it exceeds the running
// maximum m the running sums are rescaled by exp(m - m_blk). Every exp()
// argument is therefore <= 0 and nothing overflows; the sum of weights is
// >= 1 once the maximum term has been seen, so terms that underflow
// (< 1e-308 relative) cannot change a double result.
//
// exp() is evaluated by exp_nonpositive(): Cody-Waite reduction to
// |r| <= ln2/2 and a degree-13 Taylor polynomial (truncation 6e-18 relative,
// so the result is within a few ulp of std::exp), written in plain arithmetic
// so that it vectorizes.
#include "wprox/kernel_sum.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "wprox/errors.hpp"

namespace wprox {
namespace {

constexpr int kLanes = 8;       // doubles per AVX-512 register
constexpr long kBlock = 512;    // sources per block: 4 KB of exponents, stays in L1
constexpr long kQueryGrain = 8;  // queries per TBB task at least
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// exp(x) for x <= 0 (also -inf -> 0 and NaN -> NaN). Below -708 the result
// would be subnormal; it is flushed to 0, which is exact for our use (see
// the file comment: such terms are < 1e-308 of a sum that is >= 1).
inline double exp_nonpositive(double x) {
  const double xc = x < -708.0 ? -708.0 : x;
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52: rounds to an integer
  const double t = xc * kLog2e + kShifter;
  const double n = t - kShifter;
  const double r = (xc - n * kLn2Hi) - n * kLn2Lo;
  // Taylor coefficients 1/k!, k = 13 down to 0.
  double p = 1.6059043836821613e-10;
  p = p * r + 2.08767569878681e-09;
  p = p * r + 2.505210838544172e-08;
  p = p * r + 2.755731922398589e-07;
  p = p * r + 2.7557319223985893e-06;
  p = p * r + 2.48015873015873e-05;
  p = p * r + 0.0001984126984126984;
  p = p * r + 0.001388888888888889;
  p = p * r + 0.008333333333333333;
  p = p * r + 0.041666666666666664;
  p = p * r + 0.16666666666666666;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^n: the low bits of t hold n; move n + 1023 into the exponent field.
  std::uint64_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  bits = (bits + 1023) << 52;
  double scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return x < -708.0 ? 0.0 : p * scale;
}

// Sources in structure-of-arrays form: coordinate k of source j at
// coords[k * padded + j]; padding sources have b = -inf (weight exactly 0).
struct SourcesSoA {
  long n = 0, padded = 0;
  int d = 0;
  std::vector<double> coords, b;
};

SourcesSoA transpose_sources(const Particles& Y, const Vector& b) {
  SourcesSoA s;
  s.n = Y.rows();
  s.d = int(Y.cols());
  s.padded = (s.n + kLanes - 1) / kLanes * kLanes;
  s.coords.assign(std::size_t(s.d) * s.padded, 0.0);
  s.b.assign(s.padded, kNegInf);
  for (long j = 0; j < s.n; ++j) {
    for (int k = 0; k < s.d; ++k) s.coords[std::size_t(k) * s.padded + j] = Y(j, k);
    s.b[j] = b.size() ? b[j] : 0.0;
  }
  return s;
}

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
    if (D > 0) {
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
      for (long j = 0; j < len; j += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
          const double w = exp_nonpositive(e[j + l] - m);
          a.s[l] += w;
          for (int k = 0; k < D; ++k) a.acc[k * kLanes + l] += w * Yc[k * P + j0 + j + l];
        }
      }
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

void check_shapes(const Particles& X, const Particles& Y, const Vector& b, const char* who) {
  WPROX_REQUIRE(X.cols() == Y.cols(), DimensionMismatch,
                who << ": queries have " << X.cols() << " columns but sources have " << Y.cols());
  WPROX_REQUIRE(b.size() == 0 || b.size() == Y.rows(), DimensionMismatch,
                who << ": b has " << b.size() << " entries but there are " << Y.rows() << " sources");
}

template <int D>
void run_fast(const Particles& X, const SourcesSoA& src, double c, Particles& out, Vector* lse) {
  tbb::parallel_for(tbb::blocked_range<long>(0, X.rows(), kQueryGrain), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i)
      one_query<D>(X.row(i).data(), src, c, out.row(i).data(), lse ? &(*lse)[i] : nullptr);
  });
}

// ---------------------------------------------------------------------------
// Symmetric path: queries and sources are the same particles (BRWP's case,
// detected by &X == &Y). Then w_ij ∝ K_ij beta_j with
// K_ij = exp(-c |x_i - x_j|^2) = K_ji <= 1 and beta_j = exp(b_j - B) <= 1,
// B = max b: one exp() serves both (i, j) and (j, i), and no running maximum
// is needed, so the loop is a single fused pass (about 3x faster). It is used
// only where it is as accurate as the log-space path: c >= 0, X and b
// finite, B - min b <= kMaxBRange. Then row i's sum is >= K_ii beta_i =
// beta_i >= exp(-300) = 5e-131, so terms flushed to zero (< 1e-308) change
// it by < 1e-177 relative, and nothing overflows.
//
// Work is split into tiles (I, J), J >= I, of kTile rows. A tile writes row
// block I's sums over sources J, and row block J's sums over sources I, into
// its own slots; each row's slots are added in block order at the end. Every
// number is computed in the same order whatever the thread schedule.
constexpr double kMaxBRange = 300.0;
constexpr long kTile = 256;                                    // a multiple of kLanes
constexpr double kMaxSlotBytes = 256.0 * 1024.0 * 1024.0;       // else: the general path

struct SymmetricSlots {
  long padded = 0, blocks = 0;
  int d = 0;
  std::vector<double> v;  // component k (k = d: the weight sum) of row r from block o
  double& at(long o, int k, long r) { return v[std::size_t((o * (d + 1) + k) * padded + r)]; }
};

bool symmetric_applicable(const Particles& X, const Vector& b, double c, double& B) {
  if (!(c >= 0.0) || !X.allFinite()) return false;
  B = 0.0;
  if (b.size()) {
    if (!b.allFinite()) return false;
    B = b.maxCoeff();
    if (B - b.minCoeff() > kMaxBRange) return false;
  }
  const double n = double(X.rows()), blocks = std::ceil(n / double(kTile));
  return blocks * (n + kLanes) * double(X.cols() + 1) * 8.0 <= kMaxSlotBytes;
}

template <int D>
void symmetric_tile(const SourcesSoA& src, const std::vector<double>& beta, double c, long I, long J,
                    SymmetricSlots& S) {
  static_assert(D > 0, "the symmetric path needs a compile-time dimension");
  const long P = src.padded;
  const double* __restrict Yc = src.coords.data();
  const long i0 = I * kTile, i1 = std::min(src.n, i0 + kTile);
  const long j0 = J * kTile, jlen = std::min(P, j0 + kTile) - j0;  // a multiple of kLanes
  const bool both = I != J;
  alignas(64) double colS[kTile];
  alignas(64) double colAcc[D * kTile];
  alignas(64) double K[kTile];
  if (both) {
    for (long j = 0; j < kTile; ++j) colS[j] = 0.0;
    for (long q = 0; q < D * kTile; ++q) colAcc[q] = 0.0;
  }
  const double* __restrict bj = beta.data() + j0;
  for (long i = i0; i < i1; ++i) {
    double xi[D];
    for (int k = 0; k < D; ++k) xi[k] = Yc[k * P + i];
    const double bi = beta[std::size_t(i)];
    alignas(64) double s8[kLanes] = {};
    alignas(64) double acc[D * kLanes] = {};
    // Row i over sources J: one fused pass (distance, exp, accumulate).
    for (long j = 0; j < jlen; j += kLanes) {
      for (int l = 0; l < kLanes; ++l) {
        double dist = 0.0;
        for (int k = 0; k < D; ++k) {
          const double t = xi[k] - Yc[k * P + j0 + j + l];
          dist += t * t;
        }
        const double kv = exp_nonpositive(-c * dist);
        K[j + l] = kv;
        const double w = kv * bj[j + l];
        s8[l] += w;
        for (int k = 0; k < D; ++k) acc[k * kLanes + l] += w * Yc[k * P + j0 + j + l];
      }
    }
    // Rows J over source i, reusing the kernel values.
    if (both) {
      for (long j = 0; j < jlen; ++j) colS[j] += K[j] * bi;
      for (int k = 0; k < D; ++k) {
        const double u = bi * xi[k];
        double* __restrict ck = colAcc + k * kTile;
        for (long j = 0; j < jlen; ++j) ck[j] += K[j] * u;
      }
    }
    double s = 0.0;
    for (int l = 0; l < kLanes; ++l) s += s8[l];
    S.at(J, D, i) = s;
    for (int k = 0; k < D; ++k) {
      double v = 0.0;
      for (int l = 0; l < kLanes; ++l) v += acc[k * kLanes + l];
      S.at(J, k, i) = v;
    }
  }
  if (both) {
    const long jend = std::min(src.n, j0 + kTile);
    for (long j = j0; j < jend; ++j) {
      S.at(I, D, j) = colS[j - j0];
      for (int k = 0; k < D; ++k) S.at(I, k, j) = colAcc[k * kTile + (j - j0)];
    }
  }
}

template <int D>
void run_symmetric(const SourcesSoA& src, double B, double c, Particles& out, Vector* lse) {
  const long n = src.n;
  SymmetricSlots S;
  S.d = D;
  S.padded = src.padded;
  S.blocks = (n + kTile - 1) / kTile;
  S.v.assign(std::size_t(S.blocks * (D + 1) * S.padded), 0.0);
  std::vector<double> beta(std::size_t(src.padded), 0.0);
  for (long j = 0; j < n; ++j) beta[std::size_t(j)] = exp_nonpositive(src.b[std::size_t(j)] - B);
  std::vector<std::pair<long, long>> tiles;
  for (long I = 0; I < S.blocks; ++I)
    for (long J = I; J < S.blocks; ++J) tiles.emplace_back(I, J);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tiles.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t t = r.begin(); t < r.end(); ++t) symmetric_tile<D>(src, beta, c, tiles[t].first, tiles[t].second, S);
  });
  tbb::parallel_for(tbb::blocked_range<long>(0, n, 512), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i) {
      double s = 0.0;
      for (long o = 0; o < S.blocks; ++o) s += S.at(o, D, i);
      for (int k = 0; k < D; ++k) {
        double v = 0.0;
        for (long o = 0; o < S.blocks; ++o) v += S.at(o, k, i);
        out(i, k) = v / s;
      }
      if (lse) (*lse)[i] = B + std::log(s);
    }
  });
}

}  // namespace

void softmax_kernel_sum(const Particles& X, const Particles& Y, const Vector& b, double c, Particles& out,
                        Vector* lse) {
  check_shapes(X, Y, b, "softmax_kernel_sum");
  const SourcesSoA src = transpose_sources(Y, b);
  out.resize(X.rows(), X.cols());
  if (lse) lse->resize(X.rows());
  if (X.rows() == 0) return;
  if (Y.rows() == 0) {
    out.setConstant(std::numeric_limits<double>::quiet_NaN());
    if (lse) lse->setConstant(kNegInf);
    return;
  }
  double B = 0.0;
  if (&X == &Y && symmetric_applicable(X, b, c, B)) {
    switch (X.cols()) {
      case 1: return run_symmetric<1>(src, B, c, out, lse);
      case 2: return run_symmetric<2>(src, B, c, out, lse);
      case 3: return run_symmetric<3>(src, B, c, out, lse);
      case 4: return run_symmetric<4>(src, B, c, out, lse);
      case 5: return run_symmetric<5>(src, B, c, out, lse);
      case 6: return run_symmetric<6>(src, B, c, out, lse);
      case 8: return run_symmetric<8>(src, B, c, out, lse);
      case 10: return run_symmetric<10>(src, B, c, out, lse);
      default: break;  // other dimensions: the general path
    }
  }
  // Compile-time dimensions keep every accumulator in registers; the
  // generic path handles the rest at about half the speed.
  switch (X.cols()) {
    case 1: run_fast<1>(X, src, c, out, lse); break;
    case 2: run_fast<2>(X, src, c, out, lse); break;
    case 3: run_fast<3>(X, src, c, out, lse); break;
    case 4: run_fast<4>(X, src, c, out, lse); break;
    case 5: run_fast<5>(X, src, c, out, lse); break;
    case 6: run_fast<6>(X, src, c, out, lse); break;
    case 8: run_fast<8>(X, src, c, out, lse); break;
    case 10: run_fast<10>(X, src, c, out, lse); break;
    default: run_fast<0>(X, src, c, out, lse); break;
  }
}

void softmax_kernel_sum_reference(const Particles& X, const Particles& Y, const Vector& b, double c,
                                  Particles& out, Vector* lse) {
  check_shapes(X, Y, b, "softmax_kernel_sum_reference");
  const long M = X.rows(), N = Y.rows();
  const int d = int(X.cols());
  out.resize(M, d);
  if (lse) lse->resize(M);
  std::vector<double> e(N);
  for (long i = 0; i < M; ++i) {
    double m = kNegInf;
    for (long j = 0; j < N; ++j) {
      double dist = 0.0;
      for (int k = 0; k < d; ++k) {
        const double t = X(i, k) - Y(j, k);
        dist += t * t;
      }
      e[j] = (b.size() ? b[j] : 0.0) - c * dist;
      if (e[j] > m) m = e[j];
    }
    double s = 0.0;
    for (int k = 0; k < d; ++k) out(i, k) = 0.0;
    for (long j = 0; j < N; ++j) {
      const double w = std::exp(e[j] - m);
      s += w;
      for (int k = 0; k < d; ++k) out(i, k) += w * Y(j, k);
    }
    for (int k = 0; k < d; ++k) out(i, k) /= s;
    if (lse) (*lse)[i] = m + std::log(s);
  }
}

}  // namespace wprox
