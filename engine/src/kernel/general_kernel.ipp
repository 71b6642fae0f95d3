// The general kernel path: every output (lse, mean of per-source values,
// pull, pull_sq, weights) for isotropic sources and for sources with their
// own precision Gamma_j.
//
// Layout: sources transposed into structure-of-arrays form once per call
// (coordinates, the d x d entries of Gamma_j, the values), padded to a
// multiple of kLanes with b = -inf. Per query, sources are taken in blocks:
// pass 1 computes the exponents e_j (and the pulls g_j = Gamma_j (x - z_j)
// when asked) and the block maximum; pass 2 adds the weights relative to
// the running maximum (the online softmax of isotropic_general.cpp), with
// every running sum rescaled when the maximum grows.
#include <algorithm>
#include <cmath>
#include <vector>

#include "exp_nonpositive.hpp"
#include "kernel_paths.hpp"
#include "wprox/parallel.hpp"

#include <wprox/simd_region_begin.hpp>

namespace wprox::kernel_detail::WPROX_SIMD_NS {
namespace {

struct Layout {
  long n = 0, padded = 0;
  int d = 0, p = 0;   // p: columns of the values averaged by `mean`
  bool full = false;  // Gamma_j given (else isotropic with 2c I)
  double c = 0.0;
  std::vector<double> z, gamma, b, values;  // gamma[(r d + s) P + j], values[q P + j]
  const double* v = nullptr;                // values, or z when averaging the points
};

Layout make_layout(const KernelSources& S, const KernelRequest& r) {
  Layout L;
  const SourcesSoA soa = transpose_sources(S.points(), S.log_weights());
  L.n = soa.n;
  L.padded = soa.padded;
  L.d = soa.d;
  L.z = soa.coords;
  L.b = soa.b;
  L.c = S.c();
  L.full = S.has_precisions();
  const long P = L.padded;
  if (L.full) {
    const int d = L.d;
    L.gamma.assign(std::size_t(d) * d * P, 0.0);
    const std::vector<double>& G = S.precisions();
    for (long j = 0; j < L.n; ++j)
      for (int e = 0; e < d * d; ++e) L.gamma[std::size_t(e) * P + j] = G[std::size_t(j) * d * d + e];
  }
  if (r.mean && r.values) {
    L.p = int(r.values->cols());
    L.values.assign(std::size_t(L.p) * P, 0.0);
    for (long j = 0; j < L.n; ++j)
      for (int q = 0; q < L.p; ++q) L.values[std::size_t(q) * P + j] = (*r.values)(j, q);
    L.v = L.values.data();
  } else if (r.mean) {
    L.p = L.d;
    L.v = L.z.data();
  }
  return L;
}

// Per-task scratch, sized once for the layout.
struct Scratch {
  std::vector<double> e, g;                  // kBlock exponents; d x kBlock pulls
  std::vector<double> acc_v, acc_g, acc_gg;  // lane partial sums
  Scratch(const Layout& L, bool need_g)
      : e(kBlock),
        g(need_g ? std::size_t(L.d) * kBlock : 0),
        acc_v(std::size_t(L.p) * kLanes),
        acc_g(std::size_t(L.d) * kLanes),
        acc_gg(kLanes) {}
};

struct Want {
  bool mean, pull, pull_sq, weights, lse;
  bool g() const { return pull || pull_sq; }
};

// One query against every source. D > 0: the dimension as a compile-time
// constant (small loops unroll, accumulators stay in registers).
template <int D, bool Full>
void one_query(const double* x, const Layout& L, const Want& want, Scratch& sc, double* mean, double* pull,
               double* pull_sq, double* lse, double* erow) {
  const int d = D > 0 ? D : L.d;
  const long P = L.padded;
  const double* Z = L.z.data();
  const double* G = L.gamma.data();
  const double* V = L.v;
  double* e = sc.e.data();
  double* g = sc.g.data();
  double* av = sc.acc_v.data();
  double* ag = sc.acc_g.data();
  double* agg = sc.acc_gg.data();
  std::fill(sc.acc_v.begin(), sc.acc_v.end(), 0.0);
  std::fill(sc.acc_g.begin(), sc.acc_g.end(), 0.0);
  std::fill(sc.acc_gg.begin(), sc.acc_gg.end(), 0.0);
  alignas(64) double s[kLanes] = {};
  double m = kNegInf;
  const bool need_g = want.g();

  for (long j0 = 0; j0 < P; j0 += kBlock) {
    const long len = std::min(kBlock, P - j0);  // a multiple of kLanes
    alignas(64) double mx[kLanes];
    for (int l = 0; l < kLanes; ++l) mx[l] = kNegInf;
    for (long j = 0; j < len; j += kLanes) {
      for (int l = 0; l < kLanes; ++l) {
        const long idx = j0 + j + l;
        double r[D > 0 ? D : 16];
        double q = 0.0;
        if (D > 0 || d <= 16) {
          for (int k = 0; k < d; ++k) r[k] = x[k] - Z[k * P + idx];
          if (Full) {
            for (int a = 0; a < d; ++a) {
              double ga = 0.0;
              for (int k = 0; k < d; ++k) ga += G[(a * d + k) * P + idx] * r[k];
              q += r[a] * ga;
              if (need_g) g[a * kBlock + j + l] = ga;
            }
            q *= 0.5;
          } else {
            for (int k = 0; k < d; ++k) q += r[k] * r[k];
            q *= L.c;
            if (need_g)
              for (int k = 0; k < d; ++k) g[k * kBlock + j + l] = 2.0 * L.c * r[k];
          }
        } else {
          // d > 16 without a compile-time dimension: no stack copy of r.
          if (Full) {
            for (int a = 0; a < d; ++a) {
              double ga = 0.0;
              for (int k = 0; k < d; ++k) ga += G[(a * d + k) * P + idx] * (x[k] - Z[k * P + idx]);
              q += (x[a] - Z[a * P + idx]) * ga;
              if (need_g) g[a * kBlock + j + l] = ga;
            }
            q *= 0.5;
          } else {
            for (int k = 0; k < d; ++k) {
              const double rk = x[k] - Z[k * P + idx];
              q += rk * rk;
              if (need_g) g[k * kBlock + j + l] = 2.0 * L.c * rk;
            }
            q *= L.c;
          }
        }
        const double v = L.b[idx] - q;
        e[j + l] = v;
        mx[l] = v > mx[l] ? v : mx[l];
      }
    }
    if (erow) {
      const long real = std::min(len, L.n - j0);
      for (long j = 0; j < real; ++j) erow[j0 + j] = e[j];
    }
    double bm = mx[0];
    for (int l = 1; l < kLanes; ++l) bm = mx[l] > bm ? mx[l] : bm;
    if (bm > m) {
      const double f = exp_nonpositive(m - bm);
      for (int l = 0; l < kLanes; ++l) s[l] *= f;
      for (std::size_t q = 0; q < sc.acc_v.size(); ++q) av[q] *= f;
      for (std::size_t q = 0; q < sc.acc_g.size(); ++q) ag[q] *= f;
      for (int l = 0; l < kLanes; ++l) agg[l] *= f;
      m = bm;
    }
    if (m == kNegInf) continue;  // every weight so far is exactly zero
    for (long j = 0; j < len; j += kLanes) {
      for (int l = 0; l < kLanes; ++l) {
        const double w = exp_nonpositive(e[j + l] - m);
        e[j + l] = w;
        s[l] += w;
      }
    }
    for (int q = 0; q < (want.mean ? L.p : 0); ++q) {
      const double* vq = V + std::size_t(q) * P + j0;
      double* a = av + q * kLanes;
      for (long j = 0; j < len; j += kLanes)
        for (int l = 0; l < kLanes; ++l) a[l] += e[j + l] * vq[j + l];
    }
    if (want.pull)
      for (int k = 0; k < d; ++k) {
        const double* gk = g + k * kBlock;
        double* a = ag + k * kLanes;
        for (long j = 0; j < len; j += kLanes)
          for (int l = 0; l < kLanes; ++l) a[l] += e[j + l] * gk[j + l];
      }
    if (want.pull_sq)
      for (long j = 0; j < len; j += kLanes)
        for (int l = 0; l < kLanes; ++l) {
          double gg = 0.0;
          for (int k = 0; k < d; ++k) gg += g[k * kBlock + j + l] * g[k * kBlock + j + l];
          agg[l] += e[j + l] * gg;
        }
  }
  // Combine the lanes in a fixed order. total == 0 only when every weight is
  // zero: the outputs are then NaN, as documented.
  double total = 0.0;
  for (int l = 0; l < kLanes; ++l) total += s[l];
  auto lanes = [&](const double* a) {
    double v = 0.0;
    for (int l = 0; l < kLanes; ++l) v += a[l];
    return v / total;
  };
  if (want.mean)
    for (int q = 0; q < L.p; ++q) mean[q] = lanes(av + q * kLanes);
  if (want.pull)
    for (int k = 0; k < d; ++k) pull[k] = lanes(ag + k * kLanes);
  if (want.pull_sq) *pull_sq = lanes(agg);
  const double log_total = m + std::log(total);
  if (want.lse) *lse = log_total;
  // e - log_total <= 0 up to rounding; exp_nonpositive is accurate there
  // (and for the few-ulp positive values rounding can leave).
  if (erow)
    for (long j = 0; j < L.n; ++j) erow[j] = exp_nonpositive(erow[j] - log_total);
}

template <int D, bool Full>
void run(const Particles& X, const Layout& L, const Want& want, KernelResult& out) {
  parallel_for(
      X.rows(),
      [&](long begin, long end) {
        Scratch sc(L, want.g());
        for (long i = begin; i < end; ++i)
          one_query<D, Full>(X.row(i).data(), L, want, sc, want.mean ? out.mean.row(i).data() : nullptr,
                             want.pull ? out.pull.row(i).data() : nullptr, want.pull_sq ? &out.pull_sq[i] : nullptr,
                             want.lse ? &out.lse[i] : nullptr, want.weights ? out.weights.row(i).data() : nullptr);
      },
      kQueryGrain);
}

template <bool Full>
void dispatch(const Particles& X, const Layout& L, const Want& want, KernelResult& out) {
  switch (L.d) {
    case 1: return run<1, Full>(X, L, want, out);
    case 2: return run<2, Full>(X, L, want, out);
    case 3: return run<3, Full>(X, L, want, out);
    case 4: return run<4, Full>(X, L, want, out);
    case 6: return run<6, Full>(X, L, want, out);
    default: return run<0, Full>(X, L, want, out);
  }
}

}  // namespace

void general_kernel(const Particles& X, const KernelSources& S, const KernelRequest& r, KernelResult& out) {
  const Layout L = make_layout(S, r);
  const Want want{r.mean, r.pull, r.pull_sq, r.weights, r.lse};
  if (L.full)
    dispatch<true>(X, L, want, out);
  else
    dispatch<false>(X, L, want, out);
}

}  // namespace wprox::kernel_detail::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
