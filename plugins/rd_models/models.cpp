#include "models.hpp"

#include <cmath>
#include <vector>

#include <wprox/parallel.hpp>
#include <wprox/spectral.hpp>

#include "grid_ops.hpp"

namespace rd {
namespace {

using wprox::TensorGrid;

inline double W(double u) {
  const double a = u * u - 1.0;
  return 0.25 * a * a;
}
inline double dW(double u) { return u * u * u - u; }
inline double d2W(double u) { return 3.0 * u * u - 1.0; }

class ModelBase : public wprox::ReactionDiffusionModel {
 public:
  ModelBase(const TensorGrid& g, double eps) : g_(g), eps_(eps), size_(g.size()) {}

 protected:
  void lap(const double* u, double* out) const { wprox::laplacian(g_, u, out); }
  // f(c, (D u)_c) for every cell: a Laplacian fused with pointwise work.
  template <class F>
  void lap_then(const double* u, F f) const {
    wprox::for_each_laplacian(g_, u, f);
  }
  double h2() const { return g_.h() * g_.h(); }
  TensorGrid g_;
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

  void rhs(const double* u, double* out, double*) const override {
    const double e = eps_, ie = 1.0 / eps_;
    if (sx_.empty()) {
      lap_then(u, [=](long c, double l) { out[c] = e * l - ie * dW(u[c]); });
      return;
    }
    div_coef_grad(g_, sx_.data(), sy_.data(), u, out);
    pointwise(size_, [=](long i) { out[i] = e * out[i] - ie * dW(u[i]); });
  }
  void jacobian_apply(const double* u, const double* v, double* out, double*) const override {
    const double e = eps_, ie = 1.0 / eps_;
    if (sx_.empty()) {
      lap_then(v, [=](long c, double l) { out[c] = e * l - ie * d2W(u[c]) * v[c]; });
      return;
    }
    div_coef_grad(g_, sx_.data(), sy_.data(), v, out);
    pointwise(size_, [=](long i) { out[i] = e * out[i] - ie * d2W(u[i]) * v[i]; });
  }
  // J is symmetric: the diffusion part is (grad+)^T S grad+, the rest diagonal.
  void jacobian_transpose_apply(const double* u, const double* p, double* out, double* s) const override {
    jacobian_apply(u, p, out, s);
  }
  double implicit_symbol(double lambda, double ht) const override {
    return 1.0 - ht * (eps_ * sigma_bar_ * lambda - 2.0 / eps_);
  }
  double energy(const double* u, double*) const override {
    const double grad = face_gradient_sq(g_, sx_.empty() ? nullptr : sx_.data(), sy_.empty() ? nullptr : sy_.data(), u);
    const double well = grid_sum(size_, u, [](double x) { return W(x); });
    return h2() * (0.5 * eps_ * grad + well / eps_);
  }

 private:
  double sigma_bar_ = 1.0;
  std::vector<double> sx_, sy_;
};

class CahnHilliard : public ModelBase {
 public:
  using ModelBase::ModelBase;
  int order() const override { return 4; }
  bool conserves_mass() const override { return true; }
  int scratch_fields() const override { return 1; }

  void rhs(const double* u, double* out, double* s) const override {
    const double e2 = eps_ * eps_;
    lap_then(u, [=](long c, double l) { s[c] = -e2 * l + dW(u[c]); });
    lap(s, out);
  }
  // J v = D(-eps^2 D v + W''(u) v)
  void jacobian_apply(const double* u, const double* v, double* out, double* s) const override {
    const double e2 = eps_ * eps_;
    lap_then(v, [=](long c, double l) { s[c] = -e2 * l + d2W(u[c]) * v[c]; });
    lap(s, out);
  }
  // J^T p = (-eps^2 D + W''(u)) D p
  void jacobian_transpose_apply(const double* u, const double* p, double* out, double* s) const override {
    const double e2 = eps_ * eps_;
    lap(p, s);
    lap_then(s, [=](long c, double l) { out[c] = -e2 * l + d2W(u[c]) * s[c]; });
  }
  double implicit_symbol(double lambda, double ht) const override {
    return 1.0 + ht * (eps_ * eps_ * lambda * lambda - 2.0 * lambda);
  }
  double energy(const double* u, double*) const override {
    const double grad = face_gradient_sq(g_, nullptr, nullptr, u);
    const double well = grid_sum(size_, u, [](double x) { return W(x); });
    return h2() * (0.5 * eps_ * eps_ * grad + well);
  }
};

// Functionalized Cahn–Hilliard with eta = eps^2 (docs/reaction-diffusion.md). With
// A = eps^2 D - W''(u) (symmetric) and mu = eps^2 D u - W'(u):
//   J   = D [ (A + eps^2) A - diag(W'''(u) mu) ]
//   J^T = [ A (A + eps^2) - diag(W'''(u) mu) ] D
class Functionalized : public ModelBase {
 public:
  using ModelBase::ModelBase;
  int order() const override { return 6; }
  bool conserves_mass() const override { return true; }
  int scratch_fields() const override { return 3; }

  void rhs(const double* u, double* out, double* s) const override {
    double* mu = s;
    double* t = s + size_;
    chemical_potential(u, mu);
    const double e2 = eps_ * eps_;
    lap_then(mu, [=](long c, double l) { t[c] = e2 * l + (e2 - d2W(u[c])) * mu[c]; });
    lap(t, out);
  }
  void jacobian_apply(const double* u, const double* v, double* out, double* s) const override {
    double* mu = s;
    double* a = s + size_;
    double* b = s + 2 * size_;
    const double e2 = eps_ * eps_;
    chemical_potential(u, mu);
    lap_then(v, [=](long c, double l) { a[c] = e2 * l - d2W(u[c]) * v[c]; });  // a = A v
    lap_then(a, [=](long c, double l) { b[c] = e2 * l + (e2 - d2W(u[c])) * a[c] - 6.0 * u[c] * mu[c] * v[c]; });
    lap(b, out);
  }
  void jacobian_transpose_apply(const double* u, const double* p, double* out, double* s) const override {
    double* mu = s;
    double* q = s + size_;
    double* r = s + 2 * size_;
    const double e2 = eps_ * eps_;
    chemical_potential(u, mu);
    lap(p, q);                                                                        // q = D p
    lap_then(q, [=](long c, double l) { r[c] = e2 * l + (e2 - d2W(u[c])) * q[c]; });  // r = (A + eps^2) q
    lap_then(r, [=](long c, double l) { out[c] = e2 * l - d2W(u[c]) * r[c] - 6.0 * u[c] * mu[c] * q[c]; });
  }
  double implicit_symbol(double lambda, double ht) const override {
    const double e2 = eps_ * eps_;
    return 1.0 - ht * lambda * (e2 * lambda - 2.0 + e2) * (e2 * lambda - 2.0);
  }
  double energy(const double* u, double* s) const override {
    double* mu = s;
    chemical_potential(u, mu);
    const double e2 = eps_ * eps_;
    const double grad = face_gradient_sq(g_, nullptr, nullptr, u);
    const double pot = wprox::deterministic_sum(size_, [&](long i) { return 0.5 * mu[i] * mu[i] - e2 * W(u[i]); });
    return h2() * (pot - e2 * 0.5 * e2 * grad);
  }

 private:
  void chemical_potential(const double* u, double* mu) const {
    const double e2 = eps_ * eps_;
    lap_then(u, [=](long c, double l) { mu[c] = e2 * l - dW(u[c]); });
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

}  // namespace rd
