#include "window_system.hpp"

#include <algorithm>
#include <cmath>

#include <wprox/parallel.hpp>

#include "row_reductions.hpp"

namespace pdhg_rd {

WindowSystem::WindowSystem(const wprox::ReactionDiffusionModel& model, const wprox::TensorGrid& grid, int nt,
                           const Slab& slab)
    : model_(model),
      slab_(slab),
      m_(grid.size()),
      rows_(grid.n(0)),
      nt_(nt),
      scratch_(std::size_t(std::max(1, model.scratch_fields())) * grid.size()),
      row_part_(std::size_t(grid.n(0))),
      passes_(row_passes()) {}

double WindowSystem::residual_slot(int i, const double* U, double* out) const {
  const double* u = U + i * m_;
  const double* prev = i == 0 ? u0_ : U + (i - 1) * m_;
  const double ht = ht_;
  double* part = row_part_.data();
  const long first = slab_.begin(), last = slab_.end();
  // out = u - prev - ht rhs(u) and the norm of each row, in the model's loop.
  auto sink = wprox::row_sink([](long, long, long, const double*) {});
  sink.want_rows(first, last);
  wprox::RowUpdate upd;
  upd.dest = out;
  upd.plus = u;
  upd.minus = prev;
  upd.h = ht;
  upd.row_max = part;
  sink.set_update(upd);
  model_.rhs_rows(u, sink, scratch_.data());
  double mx = 0.0;
  for (long r = first; r < last; ++r) mx = max_nan(mx, part[r]);
  return slab_.max_nan(mx);
}

double WindowSystem::residual(const double* U, double* F) const {
  double mx = 0.0;
  for (int s = 0; s < nt_; ++s) mx = max_nan(mx, residual_slot(s, U, F + s * m_));
  return mx / ht_;
}

void WindowSystem::jacobian_apply(const double* U, const double* V, double* out) const {
  const double ht = ht_;
  for (int s = 0; s < nt_; ++s) {
    const double* v = V + s * m_;
    const double* prev = s == 0 ? nullptr : V + (s - 1) * m_;
    // out_s = v_s - v_{s-1} - ht J(U_s) v_s, in the model's loop.
    auto sink = wprox::row_sink([](long, long, long, const double*) {});
    sink.want_rows(slab_.begin(), slab_.end());
    wprox::RowUpdate upd;
    upd.dest = out + s * m_;
    upd.plus = v;
    upd.minus = prev;
    upd.h = ht;
    sink.set_update(upd);
    model_.jacobian_rows(U + s * m_, v, sink, scratch_.data());
  }
}

void WindowSystem::descend_slot(int i, const double* U, const double* P, double tau, double* next, double* work) const {
  const double ht = ht_;
  const double* u = U + i * m_;
  const double* p = P + i * m_;
  const double* pn = i + 1 < nt_ ? P + (i + 1) * m_ : nullptr;
  double* nx = next + i * m_;
  const long first = slab_.begin(), last = slab_.end();
  const RowPasses& pass = passes_;
  // (DF^T P)_i = P_i - P_{i+1} - ht J^T P_i, in the model's loop.
  wprox::RowUpdate upd;
  upd.plus = p;
  upd.minus = pn;
  upd.h = ht;
  if (!model_.conserves_mass()) {
    // next = U - tau DF^T P.
    auto sink = wprox::row_sink([](long, long, long, const double*) {});
    sink.want_rows(first, last);
    upd.dest = nx;
    upd.base = u;
    upd.coef = -tau;
    sink.set_update(upd);
    model_.jacobian_transpose_rows(u, p, sink, scratch_.data());
    return;
  }
  // g = DF^T P and its row sums in one pass, then next = U - tau (g - mean g).
  double* g = work;
  double* part = row_part_.data();
  auto sink = wprox::row_sink([=, &pass](long row, long b, long e, const double* gr) {
    if (row < first || row >= last) return;
    part[row] = pass.row_sum(gr, e - b);
  });
  sink.want_rows(first, last);
  upd.dest = g;
  sink.set_update(upd);
  model_.jacobian_transpose_rows(u, p, sink, scratch_.data());
  // Every rank adds all rows' sums in the one-rank order: the same mean bits.
  slab_.gather_rows(part);
  const double mean = wprox::deterministic_sum(rows_, [part](long r) { return part[r]; }) / double(m_);
  const long off = slab_.offset();
  wprox::parallel_for(
      slab_.count(),
      [=, &pass](long a, long b) { pass.shift(u + off + a, g + off + a, tau, mean, nx + off + a, b - a); },
      8192);
}

}  // namespace pdhg_rd
