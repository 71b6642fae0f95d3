#pragma once
// The row templates of grid_ops.hpp (the Laplacian row, stencil_chain,
// grid_sum), compiled once per SIMD target with the models (models.ipp):
// included inside the target's region (wprox/simd_region_begin.hpp), in
// namespace rd::WPROX_SIMD_NS so that the copies never merge. A template
// defined outside the region would be compiled for the baseline target and
// could not inline the models' stages compiled for a wider one.
#if !defined(WPROX_SIMD_NS)
#error "include stencil_rows.hpp from a wprox_simd_sources() file, after wprox/simd_region_begin.hpp"
#endif
#include "grid_ops.hpp"

namespace rd::WPROX_SIMD_NS {

namespace vec {

// The target's vectors of doubles (2, 4 or 8 lanes), as GCC vector types:
// the compiler emits the target's instructions for their arithmetic and
// shuffles, lane by lane the same operations as the scalar code.
constexpr long kLanes = WPROX_SIMD_LEVEL == 2 ? 8 : WPROX_SIMD_LEVEL == 1 ? 4 : 2;
typedef double VecD __attribute__((vector_size(kLanes * sizeof(double))));
typedef long long VecI __attribute__((vector_size(kLanes * sizeof(double))));
inline VecD load(const double* p) {
  VecD x;
  std::memcpy(&x, p, sizeof x);
  return x;
}
inline void store(double* p, VecD x) { std::memcpy(p, &x, sizeof x); }
inline VecD splat(double x) { return VecD{} + x; }
// [x's last lane, y's first kLanes - 1] and [x's last kLanes - 1, y's first].
template <std::size_t... I>
inline VecD last_then(VecD x, VecD y, std::index_sequence<I...>) {
  return __builtin_shufflevector(x, y, (kLanes - 1 + long(I))...);
}
template <std::size_t... I>
inline VecD then_first(VecD x, VecD y, std::index_sequence<I...>) {
  return __builtin_shufflevector(x, y, (1 + long(I))...);
}

}  // namespace vec

// out = the row of the 5-point Laplacian whose own row is `mid`, between
// `up` and `down` (cols values each), each value (((up + down) + left) +
// right - 4 mid) / h^2. Rows of a multiple of vec::kLanes columns go
// through whole vectors, the left and right neighbours shifted in from the
// vectors before and after (unaligned loads of them cost about as much
// again on the CPUs measured); others cell by cell; the same bits either way.
inline void laplacian_row(const GridRows& g, const double* up, const double* mid, const double* down,
                          double* __restrict out) {
  const long n = g.cols;
  const double s = g.inv_h2;
  const double left = g.periodic_cols ? mid[n - 1] : mid[0];
  const double right = g.periodic_cols ? mid[0] : mid[n - 1];
  if (n % vec::kLanes != 0) {
    for (long j = 0; j < n; ++j) {
      const double l = j > 0 ? mid[j - 1] : left, r = j + 1 < n ? mid[j + 1] : right;
      out[j] = (up[j] + down[j] + l + r - 4.0 * mid[j]) * s;
    }
    return;
  }
  using namespace vec;
  constexpr auto lanes = std::make_index_sequence<std::size_t(kLanes)>{};
  const VecD S = splat(s), four = splat(4.0);
  VecD prev = splat(left), cur = load(mid);
  for (long j = 0; j < n; j += kLanes) {
    const VecD next = j + kLanes < n ? load(mid + j + kLanes) : splat(right);
    const VecD l = last_then(prev, cur, lanes), r = then_first(cur, next, lanes);
    store(out + j, (load(up + j) + load(down + j) + l + r - four * cur) * S);
    prev = cur;
    cur = next;
  }
}

// f(j, l_j) for j = 0 .. cols - 1, with l that Laplacian row, computed
// into `buf` (cols values) first: two loops over the row in cache, each in
// whole vectors, are faster than one loop that loads the neighbours
// unaligned.
template <class F>
inline void for_laplacian_row(const GridRows& g, const double* up, const double* mid, const double* down, double* buf,
                              F f) {
  laplacian_row(g, up, mid, down, buf);
  const double* l = buf;
  for (long j = 0; j < g.cols; ++j) f(j, l[j]);
}

// out = row i of the 5-point Laplacian of the field u.
inline void laplacian_row_of(const GridRows& g, const double* u, long i, double* out) {
  const long n = g.cols;
  laplacian_row(g, u + g.wrap(i - 1) * n, u + i * n, u + g.wrap(i + 1) * n, out);
}

// The last stage's loop: out[j] = op(j, x_j) for the values x_j that
// each(f) produces (f(j, x_j) for every column j), or, with the sink's
// update u, out[j] = u.base[c] + u.coef (u.plus[c] - u.minus[c] - u.h op)
// at the row's cells c, the formula of RowSink::put, in the same loop. One
// loop per combination of the update's optional fields, so each is
// branch-free.
template <class Each, class Op>
inline void finish_row(const GridRows& g, const ChainRow& r, double* out, Each each, Op op) {
  const wprox::RowUpdate* u = r.update;
  if (!u) {
    each([=](long j, double x) { out[j] = op(j, x); });
    return;
  }
  const long c0 = r.row * g.cols;
  const double* p = u->plus + c0;
  const double* m = u->minus ? u->minus + c0 : nullptr;
  const double* b = u->base ? u->base + c0 : nullptr;
  const double c = u->coef, h = u->h;
  if (b && m)
    each([=](long j, double x) { out[j] = b[j] + c * ((p[j] - m[j]) - h * op(j, x)); });
  else if (b)
    each([=](long j, double x) { out[j] = b[j] + c * (p[j] - h * op(j, x)); });
  else if (m)
    each([=](long j, double x) { out[j] = c * ((p[j] - m[j]) - h * op(j, x)); });
  else
    each([=](long j, double x) { out[j] = c * (p[j] - h * op(j, x)); });
  if (u->row_max) u->row_max[r.row] = wprox::row_max_abs(out, g.cols);
}

namespace quadratic_detail {

// out[j] = base[j] + v[j] (a + b w[j]^2) - k s4_j - c minus[j], s4 the sum
// of the four stencil neighbours of v[j] (left of column 0 and right of the
// last: `left`, `right`); base and minus only when kBase and kMinus (one
// branch-free loop per combination); with kMax, returns the row's largest
// |out| (as wprox::row_max_abs) taken in the same loop. Rows of a multiple
// of kLanes columns go through whole vectors, the left and right neighbours
// shifted in from the vectors before and after (two unaligned loads per
// vector, or a copy of the row with its ends, cost about as much again on
// the CPUs measured); other rows take the same formula cell by cell.
template <bool kBase, bool kMinus, bool kMax>
inline double quadratic_update_loop(long n, double left, double right, const double* up, const double* v,
                                    const double* down, const double* w, const double* base, const double* minus,
                                    double a, double b, double k, double c, double* __restrict out) {
  using namespace vec;
  if (n % kLanes != 0) {
    std::int64_t mx = 0;
    for (long j = 0; j < n; ++j) {
      const double s4 = (up[j] + down[j]) + ((j > 0 ? v[j - 1] : left) + (j + 1 < n ? v[j + 1] : right));
      double x = v[j] * (a + b * (w[j] * w[j])) - k * s4;
      if (kMinus) x -= c * minus[j];
      if (kBase) x += base[j];
      out[j] = x;
      if (kMax) mx = std::max(mx, wprox::abs_order_bits(x));
    }
    return wprox::double_of_bits(mx);
  }
  constexpr auto lanes = std::make_index_sequence<std::size_t(kLanes)>{};
  const VecD A = splat(a), B = splat(b), K = splat(k), C = splat(c);
  const VecI sign_off = VecI{} + std::numeric_limits<long long>::max();
  VecI mx = {};
  VecD prev = splat(left), cur = load(v);
  for (long j = 0; j < n; j += kLanes) {
    const VecD next = j + kLanes < n ? load(v + j + kLanes) : splat(right);
    const VecD s4 = (load(up + j) + load(down + j)) + (last_then(prev, cur, lanes) + then_first(cur, next, lanes));
    const VecD wj = w == v ? cur : load(w + j);
    VecD x = cur * (A + B * (wj * wj)) - K * s4;
    if (kMinus) x -= C * load(minus + j);
    if (kBase) x += base == w ? wj : load(base + j);
    store(out + j, x);
    if (kMax) {
      const VecI bits = reinterpret_cast<VecI>(x) & sign_off;
      if constexpr (kLanes > 2) {
        mx = bits > mx ? bits : mx;
      } else {
        // SSE2 has no 64-bit integer comparison: compare the magnitudes as
        // doubles, keeping a NaN once seen (the same maximum).
        const VecD ax = reinterpret_cast<VecD>(bits), m = reinterpret_cast<VecD>(mx);
        mx = reinterpret_cast<VecI>((ax > m) | (ax != ax) ? ax : m);
      }
    }
    prev = cur;
    cur = next;
  }
  long long m = 0;
  for (long l = 0; l < kLanes; ++l) m = std::max(m, static_cast<long long>(mx[l]));
  return wprox::double_of_bits(std::int64_t(m));
}

// The rows [i0, i1) of quadratic_update_rows below, with the update's
// optional fields picked once for all of them.
struct QuadraticRows {
  const GridRows& g;
  const double *v, *w, *base, *minus;
  double *dest, *row_max;
  double A, B, K, c;
  const wprox::RowSink& sink;
};

template <bool kBase, bool kMinus, bool kMax>
void quadratic_rows(const QuadraticRows& q, long i0, long i1) {
  const GridRows& g = q.g;
  const long n = g.cols;
  for (long i = i0; i < i1; ++i) {
    const long c0 = i * n;
    const double* mid = q.v + c0;
    const double left = g.periodic_cols ? mid[n - 1] : mid[0];
    const double right = g.periodic_cols ? mid[0] : mid[n - 1];
    const double mx = quadratic_update_loop<kBase, kMinus, kMax>(
        n, left, right, q.v + g.wrap(i - 1) * n, mid, q.v + g.wrap(i + 1) * n, q.w + c0,
        kBase ? q.base + c0 : nullptr, kMinus ? q.minus + c0 : nullptr, q.A, q.B, q.K, q.c, q.dest + c0);
    if (kMax) q.row_max[i] = mx;
    q.sink.put_updated(i, c0, c0 + n);
  }
}

template <bool kMax>
void quadratic_rows_cases(const QuadraticRows& q, long i0, long i1) {
  if (q.base && q.minus) return quadratic_rows<true, true, kMax>(q, i0, i1);
  if (q.base) return quadratic_rows<true, false, kMax>(q, i0, i1);
  if (q.minus) return quadratic_rows<false, true, kMax>(q, i0, i1);
  return quadratic_rows<false, false, kMax>(q, i0, i1);
}

}  // namespace quadratic_detail

// An operator op = d L v + (alpha + beta w^2) v, with L the 5-point
// Laplacian, v the operator's input and w the state (possibly v itself),
// handed to a sink whose update adds that same v (update->plus == v):
//   dest = base + coef (v - minus - h op)
//        = base + v (A + B w^2) - K s4 - coef minus,
// s4 the four neighbours' sum, K = coef h d / h_x^2, A = coef (1 + 4 h d /
// h_x^2 - h alpha), B = -coef h beta: four or five multiplications per cell
// where the formula as written takes nine, and these loops are bound by the
// multiplier; row by row in one loop each (with the row's norm when the
// update asks for it), without stencil_chain's per-row machinery. The
// rounding is not put()'s (a few units in the last place of the largest
// term); the bits do not depend on the thread count. Returns false, doing
// nothing, when the sink has no such update (the caller then takes the
// general path).
inline bool quadratic_update_rows(const GridRows& g, const double* v, const double* w, double d, double alpha,
                                  double beta, const wprox::RowSink& sink) {
  const wprox::RowUpdate* u = sink.update();
  if (!u || u->plus != v) return false;
  const long n0 = g.rows, n1 = g.cols;
  const long r0 = std::max(0L, sink.first_row()), r1 = std::min(n0, sink.end_row());
  if (r1 <= r0) return true;
  const double c = u->coef, h = u->h, hd = h * d * g.inv_h2;
  const double A = c * (1.0 + 4.0 * hd - h * alpha), B = -c * h * beta, K = c * hd;
  // Rows per task: ~32768 cells (about 10 us of work), as a shorter task
  // costs more to hand to a second thread than it saves.
  const long block = std::max(8L, 32768 / n1);
  const quadratic_detail::QuadraticRows q{g, v, w, u->base, u->minus, u->dest, u->row_max, A, B, K, c, sink};
  wprox::parallel_for(
      (r1 - r0 + block - 1) / block,
      [&](long b0, long b1) {
        const long i0 = r0 + b0 * block, i1 = std::min(r1, r0 + b1 * block);
        if (q.row_max)
          quadratic_detail::quadratic_rows_cases<true>(q, i0, i1);
        else
          quadratic_detail::quadratic_rows_cases<false>(q, i0, i1);
      },
      1);
  return true;
}

// An operator that is a chain of K = sizeof...(Stages) stencil stages on the
// field `in`: level 0 is `in`, level k = 1..K is stage k applied to level
// k - 1 (stage(const ChainRow& r, double* out) writes row r.row of level k,
// reading level k - 1 at rows r.row - 1 .. r.row + 1, earlier levels at row
// r.row, and any field the stage holds at row r.row), and the rows of level K
// go to `sink`.
//
// One pass over memory: the grid is worked in blocks of rows in parallel,
// and the levels in between live in per-thread buffers that hold the block's
// rows of each level plus the halo rows the later stencils need (level k
// needs K - k extra rows on each side, recomputed by both neighbouring
// blocks). A halo row beyond a grid edge is the wrapped or mirrored row
// (GridRows::wrap), computed from wrapped or mirrored neighbours: on a
// Neumann edge those are the reflected ghost rows of the level itself, so
// every level obeys the same boundary rule as a Laplacian of the stored
// level would. Every value is computed by the same arithmetic from the same
// inputs whatever the blocking, so the result is the same bits for any
// thread count (the Laplacian adds its up and down rows first, so a mirrored
// halo row, whose up and down are swapped, equals the row it mirrors).
// Only the rows [sink.first_row(), sink.end_row()) are computed; they read
// `in` (and the stages' fields) at most K rows beyond them.
template <class... Stages>
void stencil_chain(const GridRows& g, const double* in, const wprox::RowSink& sink, const Stages&... stages);

// sum over the cells c of f(c): each row with eight running sums over its
// strided cells (which vectorize without reassociating anything), rows
// combined by wprox::deterministic_sum; deterministic for any thread count.
template <class F>
double grid_sum(const GridRows& g, F f) {
  return wprox::deterministic_sum(g.rows, [&](long i) {
    constexpr int kLanes = 8;
    double lane[kLanes] = {};
    const long first = i * g.cols;
    long j = 0;
    for (; j + kLanes <= g.cols; j += kLanes)
      for (int l = 0; l < kLanes; ++l) lane[l] += f(first + j + l);
    double s = 0.0;
    for (double l : lane) s += l;
    for (; j < g.cols; ++j) s += f(first + j);
    return s;
  });
}

namespace chain_detail {

template <class F, std::size_t... I>
void for_each_level(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<long, long(I) + 1>{}), ...);
}

}  // namespace chain_detail

template <class... Stages>
void stencil_chain(const GridRows& g, const double* in, const wprox::RowSink& sink, const Stages&... stages) {
  constexpr long K = long(sizeof...(Stages));
  static_assert(K >= 1, "a chain has at least one stage");
  const auto stage = std::tie(stages...);
  const long n0 = g.rows, n1 = g.cols;
  // Blocks of ~8192 cells: every level's block buffer stays in L2, and a
  // 128 x 128 grid is two blocks (one per core of a two-core machine).
  const long block = std::max(8L, 8192 / n1);
  // Only the rows the sink wants (a rank's slab); their halo rows of the
  // input are read, others never.
  const long r0 = std::max(0L, sink.first_row()), r1 = std::min(n0, sink.end_row());
  if (r1 <= r0) return;
  const long blocks = (r1 - r0 + block - 1) / block;
  // Level k = 1..K-1 holds block + 2 (K - k) rows; then tmp, lap and out.
  long stored = 3;
  for (long k = 1; k < K; ++k) stored += block + 2 * (K - k);
  wprox::parallel_for(
      blocks,
      [&](long b0, long b1) {
        const std::unique_ptr<double[]> buf(new double[std::size_t(stored * n1)]);  // every row written before read
        double* level_buf[K + 1] = {};
        long first[K + 1] = {};  // the first row index each level buffer holds
        double* next = buf.get();
        for (long k = 1; k < K; ++k) {
          level_buf[k] = next;
          next += (block + 2 * (K - k)) * n1;
        }
        double* tmp = next;
        double* lap = next + n1;
        double* out = next + 2 * n1;
        for (long blk = b0; blk < b1; ++blk) {
          const long lo = r0 + blk * block, hi = std::min(r1, lo + block);
          for (long k = 1; k < K; ++k) first[k] = lo - (K - k);
          auto row_of = [&](long m, long i) -> const double* {
            return m == 0 ? in + g.wrap(i) * n1 : level_buf[m] + (i - first[m]) * n1;
          };
          chain_detail::for_each_level(
              [&](auto kc) {
                constexpr long k = decltype(kc)::value;
                const long halo = K - k;
                const double* level[K + 1];
                for (long i = lo - halo; i < hi + halo; ++i) {
                  for (long m = 0; m < k; ++m) level[m] = row_of(m, i);
                  const wprox::RowUpdate* update = k == K ? sink.update() : nullptr;
                  const ChainRow r{g.wrap(i), row_of(k - 1, i - 1), level[k - 1], row_of(k - 1, i + 1), level,
                                   tmp,       lap,                  update};
                  double* dst = k < K ? level_buf[k] + (i - first[k]) * n1 : update ? update->dest + i * n1 : out;
                  std::get<std::size_t(k - 1)>(stage)(r, dst);
                  if constexpr (k == K) {
                    if (update)
                      sink.put_updated(i, i * n1, (i + 1) * n1);
                    else
                      sink.put(i, i * n1, (i + 1) * n1, dst);
                  }
                }
              },
              std::make_index_sequence<std::size_t(K)>{});
        }
      },
      1);
}

}  // namespace rd::WPROX_SIMD_NS
