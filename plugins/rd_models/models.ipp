// The four models' row operators, compiled once per SIMD target
// (wprox_simd_sources NO_CONTRACT, CMakeLists.txt): every target gives the
// same bits. models.cpp picks the copy when a model is made.
#include <algorithm>
#include <cmath>
#include <vector>

#include <wprox/parallel.hpp>

#include "grid_ops.hpp"
#include "models.hpp"

#include <wprox/simd_region_begin.hpp>

#include "stencil_rows.hpp"

namespace rd::WPROX_SIMD_NS {
namespace {

using wprox::TensorGrid;

inline double W(double u) {
  const double a = u * u - 1.0;
  return 0.25 * a * a;
}
inline double dW(double u) { return u * u * u - u; }
inline double d2W(double u) { return 3.0 * u * u - 1.0; }

// Each operator is one rd::stencil_chain: one pass over memory that hands its
// rows to the caller's sink. The stages keep the arithmetic of the
// whole-field formulas written next to them.
class ModelBase : public wprox::ReactionDiffusionModel {
 public:
  ModelBase(const TensorGrid& g, double eps) : g_(g), rows_(g), eps_(eps), size_(g.size()) {}

 protected:
  template <class... Stages>
  void chain(const double* in, const wprox::RowSink& out, const Stages&... stages) const {
    stencil_chain(rows_, in, out, stages...);
  }
  // out = row r.row of the Laplacian of the chain's previous level.
  void lap(const ChainRow& r, double* out) const { laplacian_row(rows_, r.up, r.mid, r.down, out); }
  // f(j, l_j) with l that row, in one loop with f's pointwise work.
  template <class F>
  void lap_each(const ChainRow& r, F f) const {
    for_laplacian_row(rows_, r.up, r.mid, r.down, r.lap, f);
  }
  // A chain's last stage: out[j] = op(j, l_j) with l that row, fused with
  // the sink's update when it has one (finish_row).
  template <class Op>
  void lap_finish(const ChainRow& r, double* out, Op op) const {
    finish_row(rows_, r, out, [&](auto f) { lap_each(r, f); }, op);
  }
  // The same with op = the Laplacian itself.
  void lap_last(const ChainRow& r, double* out) const {
    lap_finish(r, out, [](long, double l) { return l; });
  }
  // Row r.row of a whole field f.
  const double* row(const double* f, const ChainRow& r) const { return f + r.row * rows_.cols; }
  long cols() const { return rows_.cols; }
  double h2() const { return g_.h() * g_.h(); }
  TensorGrid g_;
  GridRows rows_;
  double eps_;
  long size_;
};

class AllenCahn : public ModelBase {
 public:
  // Without sigma: constant mobility 1, X^ uses sigma_bar = 1.
  AllenCahn(const TensorGrid& g, double eps, double mu, bool variable_mobility) : ModelBase(g, eps) {
    if (!variable_mobility) return;
    sigma_bar_ = 1.0 + 0.5 * mu;
    sx_.resize(size_);
    sy_.resize(size_);
    const double h = g.h();
    auto sigma = [&](double x, double y) {
      const double sx = std::sin(x), sy = std::sin(y);
      return 1.0 + 0.5 * mu * (sx * sx + sy * sy);
    };
    for (int i = 0; i < g.n(0); ++i)
      for (int j = 0; j < g.n(1); ++j) {
        sx_[long(i) * g.n(1) + j] = sigma(g.coord(0, i) + 0.5 * h, g.coord(1, j));
        sy_[long(i) * g.n(1) + j] = sigma(g.coord(0, i), g.coord(1, j) + 0.5 * h);
      }
  }
  int order() const override { return 2; }
  bool conserves_mass() const override { return false; }
  int scratch_fields() const override { return 0; }

  // rhs = eps L u - W'(u) / eps with L = D, or div(sigma grad).
  void rhs_rows(const double* u, const wprox::RowSink& out, double*) const override {
    const double e = eps_, ie = 1.0 / eps_;
    // -W'(u) / eps = (1/eps - u^2 / eps) u: the regrouped update's form.
    if (sx_.empty() && quadratic_update_rows(rows_, u, u, e, ie, -ie, out)) return;
    chain(u, out, [&](const ChainRow& r, double* o) {
      const double* uu = r.mid;
      diffusion_finish(u, r, o, [=](long j, double l) { return e * l - ie * dW(uu[j]); });
    });
  }
  // J v = eps L v - W''(u) v / eps.
  void jacobian_rows(const double* u, const double* v, const wprox::RowSink& out, double*) const override {
    const double e = eps_, ie = 1.0 / eps_;
    // -W''(u) v / eps = (1/eps - 3 u^2 / eps) v.
    if (sx_.empty() && quadratic_update_rows(rows_, v, u, e, ie, -3.0 * ie, out)) return;
    chain(v, out, [&](const ChainRow& r, double* o) {
      const double* uu = row(u, r);
      const double* vv = r.mid;
      diffusion_finish(v, r, o, [=](long j, double l) { return e * l - ie * d2W(uu[j]) * vv[j]; });
    });
  }
  // J is symmetric: the diffusion part is (grad+)^T S grad+, the rest diagonal.
  void jacobian_transpose_rows(const double* u, const double* p, const wprox::RowSink& out, double* s) const override {
    jacobian_rows(u, p, out, s);
  }
  double implicit_symbol(double lambda, double ht) const override {
    return 1.0 - ht * (eps_ * sigma_bar_ * lambda - 2.0 / eps_);
  }
  double energy(const double* u, double*) const override {
    const double grad = face_gradient_sq(g_, sx_.empty() ? nullptr : sx_.data(), sy_.empty() ? nullptr : sy_.data(), u);
    const double well = grid_sum(rows_, [u](long c) { return W(u[c]); });
    return h2() * (0.5 * eps_ * grad + well / eps_);
  }

 private:
  // out[j] = op(j, l_j) with l = row r.row of L f, f the chain's input,
  // fused with the sink's update (the chain's only stage).
  template <class Op>
  void diffusion_finish(const double* f, const ChainRow& r, double* out, Op op) const {
    if (sx_.empty()) {
      lap_finish(r, out, op);
      return;
    }
    div_coef_grad_row(rows_, sx_.data(), sy_.data(), f, r.row, r.tmp);
    const double* l = r.tmp;
    const long n = cols();
    finish_row(
        rows_, r, out,
        [=](auto each) {
          for (long j = 0; j < n; ++j) each(j, l[j]);
        },
        op);
  }
  double sigma_bar_ = 1.0;
  std::vector<double> sx_, sy_;
};

class CahnHilliard : public ModelBase {
 public:
  using ModelBase::ModelBase;
  int order() const override { return 4; }
  bool conserves_mass() const override { return true; }
  int scratch_fields() const override { return 0; }

  // rhs = D s, s = -eps^2 D u + W'(u)
  void rhs_rows(const double* u, const wprox::RowSink& out, double*) const override {
    const double e2 = eps_ * eps_;
    chain(
        u, out,
        [&](const ChainRow& r, double* s) {
          const double* uu = r.mid;
          lap_each(r, [=](long j, double l) { s[j] = -e2 * l + dW(uu[j]); });
        },
        [&](const ChainRow& r, double* o) { lap_last(r, o); });
  }
  // J v = D s, s = -eps^2 D v + W''(u) v
  void jacobian_rows(const double* u, const double* v, const wprox::RowSink& out, double*) const override {
    const double e2 = eps_ * eps_;
    chain(
        v, out,
        [&](const ChainRow& r, double* s) {
          const double* uu = row(u, r);
          const double* vv = r.mid;
          lap_each(r, [=](long j, double l) { s[j] = -e2 * l + d2W(uu[j]) * vv[j]; });
        },
        [&](const ChainRow& r, double* o) { lap_last(r, o); });
  }
  // J^T p = (-eps^2 D + W''(u)) q, q = D p
  void jacobian_transpose_rows(const double* u, const double* p, const wprox::RowSink& out, double*) const override {
    const double e2 = eps_ * eps_;
    chain(
        p, out, [&](const ChainRow& r, double* q) { lap(r, q); },
        [&](const ChainRow& r, double* o) {
          const double* uu = row(u, r);
          const double* q = r.mid;
          lap_finish(r, o, [=](long j, double l) { return -e2 * l + d2W(uu[j]) * q[j]; });
        });
  }
  double implicit_symbol(double lambda, double ht) const override {
    return 1.0 + ht * (eps_ * eps_ * lambda * lambda - 2.0 * lambda);
  }
  double energy(const double* u, double*) const override {
    const double grad = face_gradient_sq(g_, nullptr, nullptr, u);
    const double well = grid_sum(rows_, [u](long c) { return W(u[c]); });
    return h2() * (0.5 * eps_ * eps_ * grad + well);
  }
};

// Functionalized Cahn–Hilliard with eta = eps^2 (docs/reaction-diffusion.md). With
// A = eps^2 D - W''(u) (symmetric) and mu = eps^2 D u - W'(u):
//   J   = D [ (A + eps^2) A - diag(W'''(u) mu) ]
//   J^T = [ A (A + eps^2) - diag(W'''(u) mu) ] D
// The stages that need mu recompute its row from u (a row of the Laplacian
// of u) rather than reading a stored field.
class Functionalized : public ModelBase {
 public:
  using ModelBase::ModelBase;
  int order() const override { return 6; }
  bool conserves_mass() const override { return true; }
  int scratch_fields() const override { return 1; }  // energy's mu

  // rhs = D t, t = (eps^2 D - W''(u) + eps^2) mu
  void rhs_rows(const double* u, const wprox::RowSink& out, double*) const override {
    const double e2 = eps_ * eps_;
    chain(
        u, out,
        [&](const ChainRow& r, double* mu) {
          const double* uu = r.mid;
          lap_each(r, [=](long j, double l) { mu[j] = e2 * l - dW(uu[j]); });
        },
        [&](const ChainRow& r, double* t) {
          const double* uu = r.level[0];
          const double* mu = r.mid;
          lap_each(r, [=](long j, double l) { t[j] = e2 * l + (e2 - d2W(uu[j])) * mu[j]; });
        },
        [&](const ChainRow& r, double* o) { lap_last(r, o); });
  }
  // J v = D b, b = (A + eps^2) a - W'''(u) mu v, a = A v
  void jacobian_rows(const double* u, const double* v, const wprox::RowSink& out, double*) const override {
    const double e2 = eps_ * eps_;
    chain(
        v, out,
        [&](const ChainRow& r, double* a) {
          const double* uu = row(u, r);
          const double* vv = r.mid;
          lap_each(r, [=](long j, double l) { a[j] = e2 * l - d2W(uu[j]) * vv[j]; });
        },
        [&](const ChainRow& r, double* b) {
          chemical_potential_row(u, r.row, r.tmp);
          const double* uu = row(u, r);
          const double* a = r.mid;
          const double* vv = r.level[0];
          const double* mu = r.tmp;
          lap_each(r,
                   [=](long j, double l) { b[j] = e2 * l + (e2 - d2W(uu[j])) * a[j] - 6.0 * uu[j] * mu[j] * vv[j]; });
        },
        [&](const ChainRow& r, double* o) { lap_last(r, o); });
  }
  // J^T p = A s - W'''(u) mu q, s = (A + eps^2) q, q = D p
  void jacobian_transpose_rows(const double* u, const double* p, const wprox::RowSink& out, double*) const override {
    const double e2 = eps_ * eps_;
    chain(
        p, out, [&](const ChainRow& r, double* q) { lap(r, q); },
        [&](const ChainRow& r, double* s) {
          const double* uu = row(u, r);
          const double* q = r.mid;
          lap_each(r, [=](long j, double l) { s[j] = e2 * l + (e2 - d2W(uu[j])) * q[j]; });
        },
        [&](const ChainRow& r, double* o) {
          chemical_potential_row(u, r.row, r.tmp);
          const double* uu = row(u, r);
          const double* s = r.mid;
          const double* q = r.level[1];
          const double* mu = r.tmp;
          lap_finish(r, o, [=](long j, double l) { return e2 * l - d2W(uu[j]) * s[j] - 6.0 * uu[j] * mu[j] * q[j]; });
        });
  }
  double implicit_symbol(double lambda, double ht) const override {
    const double e2 = eps_ * eps_;
    return 1.0 - ht * lambda * (e2 * lambda - 2.0 + e2) * (e2 * lambda - 2.0);
  }
  double energy(const double* u, double* s) const override {
    double* mu = s;
    wprox::parallel_for(rows_.rows, [&](long b, long e) {
      for (long i = b; i < e; ++i) chemical_potential_row(u, i, mu + i * cols());
    });
    const double e2 = eps_ * eps_;
    const double grad = face_gradient_sq(g_, nullptr, nullptr, u);
    const double pot = grid_sum(rows_, [=](long c) { return 0.5 * mu[c] * mu[c] - e2 * W(u[c]); });
    return h2() * (pot - e2 * 0.5 * e2 * grad);
  }

 private:
  // out = row i of mu = eps^2 D u - W'(u).
  void chemical_potential_row(const double* u, long i, double* out) const {
    const double e2 = eps_ * eps_;
    const long n = cols();
    laplacian_row_of(rows_, u, i, out);
    const double* uu = u + i * n;
    for (long j = 0; j < n; ++j) out[j] = e2 * out[j] - dW(uu[j]);
  }
};

}  // namespace

std::shared_ptr<const wprox::ReactionDiffusionModel> make_model(ModelKind kind, const TensorGrid& grid, double eps,
                                                                double mu) {
  switch (kind) {
    case ModelKind::AllenCahn: return std::make_shared<AllenCahn>(grid, eps, mu, false);
    case ModelKind::AllenCahnMobility: return std::make_shared<AllenCahn>(grid, eps, mu, true);
    case ModelKind::CahnHilliard: return std::make_shared<CahnHilliard>(grid, eps);
    case ModelKind::Functionalized: return std::make_shared<Functionalized>(grid, eps);
  }
  return nullptr;
}

}  // namespace rd::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
