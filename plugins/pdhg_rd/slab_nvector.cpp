#include "slab_nvector.hpp"

#include <nvector/nvector_serial.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include <wprox/parallel.hpp>

#include "row_reductions.hpp"

namespace pdhg_rd {
namespace {

// The serial vector's content followed by the layout: the serial ops read
// the leading part through their own content type, and N_VDestroy_Serial
// frees the whole block (it was malloc'ed, as theirs is).
struct SlabContent {
  _N_VectorContent_Serial serial;
  SlabVectorLayout* layout;
};
static_assert(std::is_standard_layout_v<SlabContent>, "the serial ops see the first member");

SlabContent* content(N_Vector v) { return static_cast<SlabContent*>(v->content); }
SlabVectorLayout& layout(N_Vector v) { return *content(v)->layout; }
double* data(N_Vector v) { return content(v)->serial.data; }
long length(N_Vector v) { return long(content(v)->serial.length); }

// Sum over this rank's rows of every slot, then over all rows in row order:
// row_term(k, len) is the partial sum of entries [k, k + len) of one slot's
// row. The slots of a row are added in slot order.
template <class RowTerm>
double sum_over_rows(SlabVectorLayout& L, const RowTerm& row_term) {
  const Slab& s = L.slab();
  double* part = L.partials();
  const long cols = s.cols(), m = L.slot_size(), first = s.begin();
  const int nt = L.slots();
  wprox::parallel_for(
      s.end() - first,
      [&](long a, long b) {
        for (long r = first + a; r < first + b; ++r) {
          double p = 0.0;
          for (int i = 0; i < nt; ++i) p += row_term(i * m + r * cols, cols);
          part[r] = p;
        }
      },
      4);
  s.gather_rows(part);
  return wprox::deterministic_sum(L.rows(), [part](long r) { return part[r]; });
}

// Applies visit(k, len) to each slab row of every slot (this rank only).
template <class Visit>
void for_slab_rows(const SlabVectorLayout& L, const Visit& visit) {
  const Slab& s = L.slab();
  const long m = L.slot_size();
  for (int i = 0; i < L.slots(); ++i) visit(i * m + s.offset(), s.count());
}

// The lane sums of row_sum() over term(k), k in [0, n): eight running sums
// added in lane order, then the tail; the order depends on n alone.
template <class Term>
double lane_sum(long n, const Term& term) {
  constexpr int kLanes = 8;
  double lane[kLanes] = {};
  long k = 0;
  for (; k + kLanes <= n; k += kLanes)
    for (int l = 0; l < kLanes; ++l) lane[l] += term(k + l);
  double s = 0.0;
  for (double l : lane) s += l;
  for (; k < n; ++k) s += term(k);
  return s;
}

// min that keeps a NaN once seen (a NaN entry must not hide).
double min_nan(double a, double b) { return (b < a || b != b) ? b : a; }
// The smallest of the ranks' values, NaN if any is NaN.
double min_over_ranks(const SlabVectorLayout& L, double mine) { return -L.slab().max_nan(-mine); }
// Whether any rank saw `flag`.
bool any_rank(const SlabVectorLayout& L, bool flag) { return L.slab().max_nan(flag ? 1.0 : 0.0) > 0.0; }

double dot(N_Vector x, N_Vector y) {
  const double* a = data(x);
  const double* b = data(y);
  return sum_over_rows(layout(x),
                       [=](long k, long n) { return lane_sum(n, [=](long j) { return a[k + j] * b[k + j]; }); });
}

double weighted_squares(N_Vector x, N_Vector w) {
  const double* a = data(x);
  const double* b = data(w);
  return sum_over_rows(layout(x), [=](long k, long n) {
    return lane_sum(n, [=](long j) {
      const double t = a[k + j] * b[k + j];
      return t * t;
    });
  });
}

double wl2norm(N_Vector x, N_Vector w) { return std::sqrt(weighted_squares(x, w)); }
double wrmsnorm(N_Vector x, N_Vector w) { return std::sqrt(weighted_squares(x, w) / double(length(x))); }

double wrmsnorm_mask(N_Vector x, N_Vector w, N_Vector id) {
  const double* a = data(x);
  const double* b = data(w);
  const double* c = data(id);
  const double s = sum_over_rows(layout(x), [=](long k, long n) {
    return lane_sum(n, [=](long j) {
      const double t = a[k + j] * b[k + j];
      return c[k + j] > 0.0 ? t * t : 0.0;
    });
  });
  return std::sqrt(s / double(length(x)));
}

double l1norm(N_Vector x) {
  const double* a = data(x);
  return sum_over_rows(layout(x),
                       [=](long k, long n) { return lane_sum(n, [=](long j) { return std::fabs(a[k + j]); }); });
}

double maxnorm(N_Vector x) {
  const double* a = data(x);
  double m = 0.0;
  for_slab_rows(layout(x), [&](long k, long n) { m = max_nan(m, max_abs(a + k, n)); });
  return layout(x).slab().max_nan(m);
}

double min_entry(N_Vector x) {
  const double* a = data(x);
  double m = std::numeric_limits<double>::infinity();
  for_slab_rows(layout(x), [&](long k, long n) {
    for (long j = k; j < k + n; ++j) m = min_nan(m, a[j]);
  });
  return min_over_ranks(layout(x), m);
}

// z = 1 / x everywhere; false when an entry of a slab is zero.
sunbooleantype inv_test(N_Vector x, N_Vector z) {
  const double* a = data(x);
  double* b = data(z);
  const long n = length(x);
  for (long k = 0; k < n; ++k)
    if (a[k] != 0.0) b[k] = 1.0 / a[k];
  bool zero = false;
  for_slab_rows(layout(x), [&](long k, long len) {
    for (long j = k; j < k + len; ++j) zero = zero || a[j] == 0.0;
  });
  return any_rank(layout(x), zero) ? SUNFALSE : SUNTRUE;
}

// m = 1 where x violates the constraint c (SUNDIALS' rule: |c| = 2 asks
// x > 0 or x < 0, |c| = 1 asks x >= 0 or x <= 0), else 0; false when a
// slab entry violates.
sunbooleantype constr_mask(N_Vector c, N_Vector x, N_Vector m) {
  const double* cd = data(c);
  const double* xd = data(x);
  double* md = data(m);
  const long n = length(x);
  for (long k = 0; k < n; ++k) {
    const double p = xd[k] * cd[k];
    const bool bad = cd[k] != 0.0 && ((std::fabs(cd[k]) > 1.5 && p <= 0.0) || (std::fabs(cd[k]) > 0.5 && p < 0.0));
    md[k] = bad ? 1.0 : 0.0;
  }
  bool violated = false;
  for_slab_rows(layout(x), [&](long k, long len) {
    for (long j = k; j < k + len; ++j) violated = violated || md[j] == 1.0;
  });
  return any_rank(layout(x), violated) ? SUNFALSE : SUNTRUE;
}

// min num / denom over slab entries with denom != 0; SUN_BIG_REAL if none.
double min_quotient(N_Vector num, N_Vector denom) {
  const double* a = data(num);
  const double* b = data(denom);
  double m = SUN_BIG_REAL;
  for_slab_rows(layout(num), [&](long k, long len) {
    for (long j = k; j < k + len; ++j)
      if (b[j] != 0.0) m = min_nan(m, a[j] / b[j]);
  });
  return min_over_ranks(layout(num), m);
}

N_Vector clone_empty(N_Vector w) {
  N_Vector v = N_VNewEmpty(w->sunctx);
  if (!v) return nullptr;
  auto* c = static_cast<SlabContent*>(std::malloc(sizeof(SlabContent)));
  if (!c || N_VCopyOps(w, v) != 0) {
    std::free(c);
    N_VFreeEmpty(v);
    return nullptr;
  }
  c->serial.length = content(w)->serial.length;
  c->serial.own_data = SUNFALSE;
  c->serial.data = nullptr;
  c->layout = content(w)->layout;
  v->content = c;
  return v;
}

N_Vector clone(N_Vector w) {
  N_Vector v = clone_empty(w);
  if (!v) return nullptr;
  const std::size_t n = std::size_t(length(w));
  auto* d = static_cast<double*>(std::malloc(sizeof(double) * (n > 0 ? n : 1)));
  if (!d) {
    N_VDestroy(v);
    return nullptr;
  }
  content(v)->serial.data = d;
  content(v)->serial.own_data = SUNTRUE;
  return v;
}

void install_ops(N_Vector v) {
  N_Vector_Ops o = v->ops;
  o->nvclone = clone;
  o->nvcloneempty = clone_empty;
  // nvdestroy stays N_VDestroy_Serial: it frees the data and the malloc'ed content.
  o->nvdotprod = dot;
  o->nvmaxnorm = maxnorm;
  o->nvwrmsnorm = wrmsnorm;
  o->nvwrmsnormmask = wrmsnorm_mask;
  o->nvmin = min_entry;
  o->nvwl2norm = wl2norm;
  o->nvl1norm = l1norm;
  o->nvinvtest = inv_test;
  o->nvconstrmask = constr_mask;
  o->nvminquotient = min_quotient;
  // The fused and local reductions would reduce the whole window on this
  // rank: without them SUNDIALS loops over the single ones above.
  o->nvdotprodmulti = nullptr;
  o->nvwrmsnormvectorarray = nullptr;
  o->nvwrmsnormmaskvectorarray = nullptr;
  o->nvdotprodlocal = nullptr;
  o->nvmaxnormlocal = nullptr;
  o->nvminlocal = nullptr;
  o->nvl1normlocal = nullptr;
  o->nvinvtestlocal = nullptr;
  o->nvconstrmasklocal = nullptr;
  o->nvminquotientlocal = nullptr;
  o->nvwsqrsumlocal = nullptr;
  o->nvwsqrsummasklocal = nullptr;
  o->nvdotprodmultilocal = nullptr;
  o->nvdotprodmultiallreduce = nullptr;
}

}  // namespace

SlabVectorLayout::SlabVectorLayout(const Slab& slab, long rows, int slots)
    : slab_(slab), rows_(rows), slots_(slots), part_(std::size_t(rows)) {}

N_Vector SlabVectorLayout::make(SUNContext ctx) {
  N_Vector v = N_VNew_Serial(sunindextype(slot_size() * slots_), ctx);
  if (!v) return nullptr;
  auto* c = static_cast<SlabContent*>(std::malloc(sizeof(SlabContent)));
  if (!c) {
    N_VDestroy(v);
    return nullptr;
  }
  // Move the serial content into the longer block.
  c->serial = *static_cast<N_VectorContent_Serial>(v->content);
  c->layout = this;
  std::free(v->content);
  v->content = c;
  install_ops(v);
  return v;
}

}  // namespace pdhg_rd
