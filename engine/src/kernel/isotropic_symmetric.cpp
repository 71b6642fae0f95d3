// Isotropic sources that are also the queries (BRWP): the symmetric path.
//
// This file is compiled with -ffp-contract=off and spells every fused
// multiply-add out (fused_mul_add, exp_nonpositive_fused): a row's partial
// sums are computed in the vectorized tile loops and again, for split rows,
// in scalar loops (one_slot), and both must give the same bits.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "exp_nonpositive.hpp"
#include "kernel_paths.hpp"

namespace wprox::kernel_detail {
namespace {

// Symmetric path: queries and sources are the same particles (BRWP's case,
// requested by name: KernelRequest::Symmetry::QueriesAreSources). Then w_ij ∝ K_ij beta_j with
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
constexpr long kTile = 256;                                // a multiple of kLanes
constexpr double kMaxSlotBytes = 256.0 * 1024.0 * 1024.0;  // else: the general path

struct SymmetricSlots {
  long padded = 0, blocks = 0;
  long row0 = 0;  // the first row held (rows [row0, row0 + padded))
  int d = 0;
  std::vector<double> v;  // component k (k = d: the weight sum) of row r from block o
  double& at(long o, int k, long r) { return v[std::size_t((o * (d + 1) + k) * padded + r - row0)]; }
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
          dist = fused_mul_add(t, t, dist);
        }
        const double kv = exp_nonpositive_fused(-c * dist);
        K[j + l] = kv;
        const double w = kv * bj[j + l];
        s8[l] += w;
        for (int k = 0; k < D; ++k) acc[k * kLanes + l] = fused_mul_add(w, Yc[k * P + j0 + j + l], acc[k * kLanes + l]);
      }
    }
    // Rows J over source i, reusing the kernel values.
    if (both) {
      for (long j = 0; j < jlen; ++j) colS[j] = fused_mul_add(K[j], bi, colS[j]);
      for (int k = 0; k < D; ++k) {
        const double u = bi * xi[k];
        double* __restrict ck = colAcc + k * kTile;
        for (long j = 0; j < jlen; ++j) ck[j] = fused_mul_add(K[j], u, ck[j]);
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
  for (long j = 0; j < n; ++j) beta[std::size_t(j)] = exp_nonpositive_fused(src.b[std::size_t(j)] - B);
  std::vector<std::pair<long, long>> tiles;
  for (long I = 0; I < S.blocks; ++I)
    for (long J = I; J < S.blocks; ++J) tiles.emplace_back(I, J);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tiles.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t t = r.begin(); t < r.end(); ++t)
      symmetric_tile<D>(src, beta, c, tiles[t].first, tiles[t].second, S);
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

// One slot computed for one row: row i's sum over the sources of tile block
// o, in the order symmetric_tile computes it. For o >= i's own block that is
// the row pass (kLanes lanes over the block's padded sources, then the lanes
// in order); for o < i's block, the column pass of tile (o, i's block): the
// block's sources j in order, each adding K_ij beta_j and K_ij (beta_j x_j).
template <int D>
void one_slot(const SourcesSoA& src, const std::vector<double>& beta, double c, long i, long o, double& so,
              double* vo) {
  const long n = src.n, P = src.padded, j0 = o * kTile;
  const double* __restrict Yc = src.coords.data();
  double xi[D];
  for (int k = 0; k < D; ++k) xi[k] = Yc[k * P + i];
  so = 0.0;
  for (int k = 0; k < D; ++k) vo[k] = 0.0;
  if (o >= i / kTile) {
    const long jlen = std::min(P, j0 + kTile) - j0;
    const double* __restrict bj = beta.data() + j0;
    alignas(64) double s8[kLanes] = {};
    alignas(64) double acc[D * kLanes] = {};
    for (long j = 0; j < jlen; j += kLanes) {
      for (int l = 0; l < kLanes; ++l) {
        double dist = 0.0;
        for (int k = 0; k < D; ++k) {
          const double t = xi[k] - Yc[k * P + j0 + j + l];
          dist = fused_mul_add(t, t, dist);
        }
        const double kv = exp_nonpositive_fused(-c * dist);
        const double w = kv * bj[j + l];
        s8[l] += w;
        for (int k = 0; k < D; ++k) acc[k * kLanes + l] = fused_mul_add(w, Yc[k * P + j0 + j + l], acc[k * kLanes + l]);
      }
    }
    for (int l = 0; l < kLanes; ++l) so += s8[l];
    for (int k = 0; k < D; ++k)
      for (int l = 0; l < kLanes; ++l) vo[k] += acc[k * kLanes + l];
  } else {
    const long jend = std::min(n, j0 + kTile);
    for (long j = j0; j < jend; ++j) {
      double dist = 0.0;
      for (int k = 0; k < D; ++k) {
        const double t = Yc[k * P + j] - xi[k];
        dist = fused_mul_add(t, t, dist);
      }
      const double kv = exp_nonpositive_fused(-c * dist);
      const double bj = beta[std::size_t(j)];
      so = fused_mul_add(kv, bj, so);
      for (int k = 0; k < D; ++k) {
        const double u = bj * Yc[k * P + j];
        vo[k] = fused_mul_add(kv, u, vo[k]);
      }
    }
  }
}

// Rows [first, first + count) alone, with the whole call's bits. The tiles
// whose two blocks both lie inside these rows run as in run_symmetric (one
// exp() for both directions); every other slot of an own row is computed by
// one_slot(); each row then adds its slots in block order, as run_symmetric
// does. Pairs with one end outside the rows thus cost one exp() here and one
// on the rank that owns the other end.
template <int D>
void symmetric_rows(const SourcesSoA& src, double B, double c, long first, long count, Particles& out, Vector* lse) {
  const long n = src.n, last = first + count;
  SymmetricSlots S;
  S.d = D;
  S.blocks = (n + kTile - 1) / kTile;
  // Blocks [own0, own1) lie wholly inside the rows (the last block may be
  // short); slots are held for their rows only.
  const long own0 = (first + kTile - 1) / kTile;
  const long own1 = std::max(own0, last == n ? S.blocks : last / kTile);
  auto inside = [&](long o) { return o >= own0 && o < own1; };
  S.row0 = own0 * kTile;
  S.padded = std::max(0L, std::min(src.padded, own1 * kTile) - S.row0);
  S.v.assign(std::size_t(S.blocks * (D + 1) * S.padded), 0.0);
  std::vector<double> beta(std::size_t(src.padded), 0.0);
  for (long j = 0; j < n; ++j) beta[std::size_t(j)] = exp_nonpositive_fused(src.b[std::size_t(j)] - B);
  std::vector<std::pair<long, long>> tiles;
  for (long I = own0; I < own1; ++I)
    for (long J = I; J < own1; ++J) tiles.emplace_back(I, J);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tiles.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t t = r.begin(); t < r.end(); ++t)
      symmetric_tile<D>(src, beta, c, tiles[t].first, tiles[t].second, S);
  });
  tbb::parallel_for(tbb::blocked_range<long>(first, last, kQueryGrain), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i) {
      const bool own_block = inside(i / kTile);
      double s = 0.0, v[D] = {};
      for (long o = 0; o < S.blocks; ++o) {
        double so, vo[D];
        if (own_block && inside(o)) {
          so = S.at(o, D, i);
          for (int k = 0; k < D; ++k) vo[k] = S.at(o, k, i);
        } else {
          one_slot<D>(src, beta, c, i, o, so, vo);
        }
        s += so;
        for (int k = 0; k < D; ++k) v[k] += vo[k];
      }
      for (int k = 0; k < D; ++k) out(i - first, k) = v[k] / s;
      if (lse) (*lse)[i - first] = B + std::log(s);
    }
  });
}

}  // namespace

bool isotropic_symmetric_rows(const Particles& X, const SourcesSoA& src, const Vector& b, double c, long first,
                              long count, Particles& mean, Vector* lse) {
  double B = 0.0;
  // Applicability is decided on all the points, as the whole call decides.
  if (!symmetric_applicable(X, b, c, B)) return false;
  mean.resize(count, X.cols());
  if (lse) lse->resize(count);
  switch (X.cols()) {
    case 1: symmetric_rows<1>(src, B, c, first, count, mean, lse); return true;
    case 2: symmetric_rows<2>(src, B, c, first, count, mean, lse); return true;
    case 3: symmetric_rows<3>(src, B, c, first, count, mean, lse); return true;
    case 4: symmetric_rows<4>(src, B, c, first, count, mean, lse); return true;
    case 5: symmetric_rows<5>(src, B, c, first, count, mean, lse); return true;
    case 6: symmetric_rows<6>(src, B, c, first, count, mean, lse); return true;
    case 8: symmetric_rows<8>(src, B, c, first, count, mean, lse); return true;
    case 10: symmetric_rows<10>(src, B, c, first, count, mean, lse); return true;
    default: return false;
  }
}

bool isotropic_symmetric(const Particles& X, const SourcesSoA& src, const Vector& b, double c, Particles& mean,
                         Vector* lse) {
  double B = 0.0;
  if (!symmetric_applicable(X, b, c, B)) return false;
  mean.resize(X.rows(), X.cols());
  switch (X.cols()) {
    case 1: run_symmetric<1>(src, B, c, mean, lse); return true;
    case 2: run_symmetric<2>(src, B, c, mean, lse); return true;
    case 3: run_symmetric<3>(src, B, c, mean, lse); return true;
    case 4: run_symmetric<4>(src, B, c, mean, lse); return true;
    case 5: run_symmetric<5>(src, B, c, mean, lse); return true;
    case 6: run_symmetric<6>(src, B, c, mean, lse); return true;
    case 8: run_symmetric<8>(src, B, c, mean, lse); return true;
    case 10: run_symmetric<10>(src, B, c, mean, lse); return true;
    default: return false;  // other dimensions: the general path
  }
}

}  // namespace wprox::kernel_detail
