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
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "exp_nonpositive.hpp"
#include "kernel_paths.hpp"

#include <wprox/simd_region_begin.hpp>

namespace wprox::kernel_detail::WPROX_SIMD_NS {
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
struct SymmetricSlots {
  long padded = 0, blocks = 0;
  long row0 = 0;    // the first row held (rows [row0, row0 + padded))
  long block0 = 0;  // symmetric_tile's tiles I, J are tiles block0 + I, block0 + J
  int d = 0;
  std::vector<double> v;  // component k (k = d: the weight sum) of row r from block o
  double& at(long o, int k, long r) { return v[std::size_t((o * (d + 1) + k) * padded + r - row0)]; }
};

bool symmetric_applicable(const Particles& X, const Vector& b, double c, double& B) {
  B = 0.0;
  double spread = 0.0;
  if (b.size() && b.allFinite()) {
    B = b.maxCoeff();
    spread = B - b.minCoeff();
  }
  return symmetric_serves(X.rows(), int(X.cols()), c, X.allFinite() && (b.size() == 0 || b.allFinite()), spread);
}

// beta_j = exp(b_j - B) of the sources, zero on the padding.
std::vector<double> relative_weights(const SourcesSoA& src, double B) {
  std::vector<double> beta(std::size_t(src.padded), 0.0);
  for (long j = 0; j < src.n; ++j) beta[std::size_t(j)] = exp_nonpositive_fused(src.b[std::size_t(j)] - B);
  return beta;
}

// Calls f(std::integral_constant<int, d>()) for the dimensions the
// symmetric path compiles (symmetric_serves() admits no other).
template <typename F>
void with_symmetric_dimension(int d, F&& f) {
  switch (d) {
    case 1: return f(std::integral_constant<int, 1>());
    case 2: return f(std::integral_constant<int, 2>());
    case 3: return f(std::integral_constant<int, 3>());
    case 4: return f(std::integral_constant<int, 4>());
    case 5: return f(std::integral_constant<int, 5>());
    case 6: return f(std::integral_constant<int, 6>());
    case 8: return f(std::integral_constant<int, 8>());
    case 10: return f(std::integral_constant<int, 10>());
    default: throw std::logic_error("symmetric kernel path: dimension not compiled");
  }
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
    S.at(S.block0 + J, D, i) = s;
    for (int k = 0; k < D; ++k) {
      double v = 0.0;
      for (int l = 0; l < kLanes; ++l) v += acc[k * kLanes + l];
      S.at(S.block0 + J, k, i) = v;
    }
  }
  if (both) {
    const long jend = std::min(src.n, j0 + kTile);
    for (long j = j0; j < jend; ++j) {
      S.at(S.block0 + I, D, j) = colS[j - j0];
      for (int k = 0; k < D; ++k) S.at(S.block0 + I, k, j) = colAcc[k * kTile + (j - j0)];
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
  const std::vector<double> beta = relative_weights(src, B);
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

// Slots of a group of rows [g0, g0 + W) of one tile block (W <= kGroup):
// row i's sum over the sources of tile block o, in the order symmetric_tile
// computes it, for every row of the group. For o >= the rows' block (a row
// pass) that is the row pass (kLanes lanes over the block's padded sources,
// then the lanes in order), one row at a time; for o below it, the column
// pass of tile (o, the rows' block): the block's sources j in order, each
// adding K_ij beta_j and K_ij (beta_j x_j) to every row of the group at once
// (the loop over the rows vectorizes; each row's additions keep their order).
// The rows are read from `rows`, the sources (tile o of them) from `srcs`
// with their beta: one array, or a rank's rows and a block of a ring.
constexpr long kGroup = 16;

template <int D>
void group_slots(const SourcesSoA& rows, long g0, long W, const SourcesSoA& srcs, const double* beta, long o,
                 bool row_pass, double c, double* so, double* vo /* D x kGroup */) {
  const long n = srcs.n, P = srcs.padded, rP = rows.padded, j0 = o * kTile;
  const double* __restrict Yc = srcs.coords.data();
  const double* __restrict Rc = rows.coords.data();
  for (long l = 0; l < W; ++l) so[l] = 0.0;
  for (long q = 0; q < D * kGroup; ++q) vo[q] = 0.0;
  if (row_pass) {
    const long jlen = std::min(P, j0 + kTile) - j0;
    const double* __restrict bj = beta + j0;
    for (long l = 0; l < W; ++l) {
      double xi[D];
      for (int k = 0; k < D; ++k) xi[k] = Rc[k * rP + g0 + l];
      alignas(64) double s8[kLanes] = {};
      alignas(64) double acc[D * kLanes] = {};
      for (long j = 0; j < jlen; j += kLanes) {
        for (int q = 0; q < kLanes; ++q) {
          double dist = 0.0;
          for (int k = 0; k < D; ++k) {
            const double t = xi[k] - Yc[k * P + j0 + j + q];
            dist = fused_mul_add(t, t, dist);
          }
          const double kv = exp_nonpositive_fused(-c * dist);
          const double w = kv * bj[j + q];
          s8[q] += w;
          for (int k = 0; k < D; ++k) acc[k * kLanes + q] = fused_mul_add(w, Yc[k * P + j0 + j + q], acc[k * kLanes + q]);
        }
      }
      for (int q = 0; q < kLanes; ++q) so[l] += s8[q];
      for (int k = 0; k < D; ++k)
        for (int q = 0; q < kLanes; ++q) vo[k * kGroup + l] += acc[k * kLanes + q];
    }
  } else {
    alignas(64) double x[D * kGroup];
    for (int k = 0; k < D; ++k)
      for (long l = 0; l < kGroup; ++l) x[k * kGroup + l] = l < W ? Rc[k * rP + g0 + l] : 0.0;
    const long jend = std::min(n, j0 + kTile);
    alignas(64) double s_acc[kGroup] = {};
    alignas(64) double v_acc[D * kGroup] = {};
    for (long j = j0; j < jend; ++j) {
      const double bj = beta[std::size_t(j)];
      double yj[D], u[D];
      for (int k = 0; k < D; ++k) {
        yj[k] = Yc[k * P + j];
        u[k] = bj * yj[k];
      }
      for (long l = 0; l < kGroup; ++l) {
        double dist = 0.0;
        for (int k = 0; k < D; ++k) {
          const double t = yj[k] - x[k * kGroup + l];
          dist = fused_mul_add(t, t, dist);
        }
        const double kv = exp_nonpositive_fused(-c * dist);
        s_acc[l] = fused_mul_add(kv, bj, s_acc[l]);
        for (int k = 0; k < D; ++k) v_acc[k * kGroup + l] = fused_mul_add(kv, u[k], v_acc[k * kGroup + l]);
      }
    }
    for (long l = 0; l < W; ++l) so[l] = s_acc[l];
    for (int k = 0; k < D; ++k)
      for (long l = 0; l < W; ++l) vo[k * kGroup + l] = v_acc[k * kGroup + l];
  }
}

// Groups of at most kGroup rows of [first, last) that never straddle a tile.
std::vector<std::pair<long, long>> row_groups(long first, long last) {
  std::vector<std::pair<long, long>> groups;
  for (long g = first; g < last;) {
    const long end = std::min({last, g + kGroup, (g / kTile + 1) * kTile});
    groups.emplace_back(g, end - g);
    g = end;
  }
  return groups;
}

// Rows [first, first + count) alone, with the whole call's bits. The tiles
// whose two blocks both lie inside these rows run as in run_symmetric (one
// exp() for both directions); every other slot of an own row is computed by
// group_slots(); each row then adds its slots in block order, as
// run_symmetric does. Pairs with one end outside the rows thus cost one
// exp() here and one on the rank that owns the other end.
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
  const std::vector<double> beta = relative_weights(src, B);
  std::vector<std::pair<long, long>> tiles;
  for (long I = own0; I < own1; ++I)
    for (long J = I; J < own1; ++J) tiles.emplace_back(I, J);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tiles.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t t = r.begin(); t < r.end(); ++t)
      symmetric_tile<D>(src, beta, c, tiles[t].first, tiles[t].second, S);
  });
  const std::vector<std::pair<long, long>> groups = row_groups(first, last);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t gi = r.begin(); gi < r.end(); ++gi) {
      const long g0 = groups[gi].first, W = groups[gi].second;
      const bool own_block = inside(g0 / kTile);
      double s[kGroup] = {}, v[D * kGroup] = {};
      alignas(64) double so[kGroup], vo[D * kGroup];
      for (long o = 0; o < S.blocks; ++o) {
        if (own_block && inside(o)) {
          for (long l = 0; l < W; ++l) {
            so[l] = S.at(o, D, g0 + l);
            for (int k = 0; k < D; ++k) vo[k * kGroup + l] = S.at(o, k, g0 + l);
          }
        } else {
          group_slots<D>(src, g0, W, src, beta.data(), o, o >= g0 / kTile, c, so, vo);
        }
        for (long l = 0; l < W; ++l) {
          s[l] += so[l];
          for (int k = 0; k < D; ++k) v[k * kGroup + l] += vo[k * kGroup + l];
        }
      }
      for (long l = 0; l < W; ++l) {
        for (int k = 0; k < D; ++k) out(g0 + l - first, k) = v[k * kGroup + l] / s[l];
        if (lse) (*lse)[g0 + l - first] = B + std::log(s[l]);
      }
    }
  });
}

// The ring's pieces (kernel_paths.hpp): the slots of a rank's rows, kept in
// a SymmetricSlots laid over RingPartials::v.
template <int D>
void ring_own(const SourcesSoA& own, const std::vector<double>& beta, long own_tile0, long tiles, double c,
              RingPartials& p) {
  p.rows = own.n;
  p.padded = own.padded;
  p.tiles = tiles;
  p.d = D;
  SymmetricSlots S;
  S.d = D;
  S.padded = own.padded;
  S.blocks = tiles;
  S.block0 = own_tile0;
  S.v.assign(std::size_t(tiles * (D + 1) * own.padded), 0.0);
  const long own_tiles = (own.n + kTile - 1) / kTile;
  std::vector<std::pair<long, long>> pairs;
  for (long I = 0; I < own_tiles; ++I)
    for (long J = I; J < own_tiles; ++J) pairs.emplace_back(I, J);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pairs.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t t = r.begin(); t < r.end(); ++t) symmetric_tile<D>(own, beta, c, pairs[t].first, pairs[t].second, S);
  });
  p.v = std::move(S.v);
}

template <int D>
void ring_block(const SourcesSoA& own, long own_tile0, const SourcesSoA& block, const std::vector<double>& beta,
                long block_tile0, double c, RingPartials& p) {
  // A block after the own rows is met in row passes, one before them in
  // column passes, as the tiles (own, block) and (block, own) would be.
  const bool row_pass = block_tile0 > own_tile0;
  const long block_tiles = (block.n + kTile - 1) / kTile;
  const std::vector<std::pair<long, long>> groups = row_groups(0, own.n);
  auto slot = [&](long o, int k, long r) -> double& {
    return p.v[std::size_t(((block_tile0 + o) * (D + 1) + k) * p.padded + r)];
  };
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    alignas(64) double so[kGroup], vo[D * kGroup];
    for (std::size_t gi = r.begin(); gi < r.end(); ++gi) {
      const long g0 = groups[gi].first, W = groups[gi].second;
      for (long o = 0; o < block_tiles; ++o) {
        group_slots<D>(own, g0, W, block, beta.data(), o, row_pass, c, so, vo);
        for (long l = 0; l < W; ++l) {
          slot(o, D, g0 + l) = so[l];
          for (int k = 0; k < D; ++k) slot(o, k, g0 + l) = vo[k * kGroup + l];
        }
      }
    }
  });
}

// Each row's slots added in tile order, as run_symmetric adds them.
template <int D>
void ring_finish(const RingPartials& p, double B, Particles& out, Vector* lse) {
  auto slot = [&](long o, int k, long r) { return p.v[std::size_t((o * (D + 1) + k) * p.padded + r)]; };
  tbb::parallel_for(tbb::blocked_range<long>(0, p.rows, 512), [&](const tbb::blocked_range<long>& r) {
    for (long i = r.begin(); i < r.end(); ++i) {
      double s = 0.0;
      for (long o = 0; o < p.tiles; ++o) s += slot(o, D, i);
      for (int k = 0; k < D; ++k) {
        double v = 0.0;
        for (long o = 0; o < p.tiles; ++o) v += slot(o, k, i);
        out(i, k) = v / s;
      }
      if (lse) (*lse)[i] = B + std::log(s);
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
  with_symmetric_dimension(int(X.cols()),
                           [&](auto D) { symmetric_rows<decltype(D)::value>(src, B, c, first, count, mean, lse); });
  return true;
}

bool isotropic_symmetric(const Particles& X, const SourcesSoA& src, const Vector& b, double c, Particles& mean,
                         Vector* lse) {
  double B = 0.0;
  if (!symmetric_applicable(X, b, c, B)) return false;
  mean.resize(X.rows(), X.cols());
  with_symmetric_dimension(int(X.cols()), [&](auto D) { run_symmetric<decltype(D)::value>(src, B, c, mean, lse); });
  return true;
}

void symmetric_ring_own(const SourcesSoA& own, double B, long own_tile0, long tiles, double c, RingPartials& p) {
  const std::vector<double> beta = relative_weights(own, B);
  with_symmetric_dimension(own.d, [&](auto D) { ring_own<decltype(D)::value>(own, beta, own_tile0, tiles, c, p); });
}

void symmetric_ring_block(const SourcesSoA& own, long own_tile0, const SourcesSoA& block, double B, long block_tile0,
                          double c, RingPartials& p) {
  const std::vector<double> beta = relative_weights(block, B);
  with_symmetric_dimension(own.d, [&](auto D) { ring_block<decltype(D)::value>(own, own_tile0, block, beta, block_tile0, c, p); });
}

void symmetric_ring_finish(const RingPartials& p, double B, Particles& mean, Vector* lse) {
  mean.resize(p.rows, p.d);
  if (lse) lse->resize(p.rows);
  with_symmetric_dimension(p.d, [&](auto D) { ring_finish<decltype(D)::value>(p, B, mean, lse); });
}

}  // namespace wprox::kernel_detail::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
