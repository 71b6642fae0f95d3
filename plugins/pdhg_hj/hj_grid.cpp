#include "hj_grid.hpp"

#include <wprox/parallel.hpp>
#include <wprox/stencil.hpp>

namespace wprox::pdhg_hj {

namespace {

TensorGrid tensor_of(const HjProblem& problem, const int* n) {
  const int dim = problem.dim();
  WPROX_REQUIRE(dim >= 1 && dim <= kMaxDim, InputError,
                "problem '" << problem.name() << "' has dimension " << dim << ", hj solvers take 1 to " << kMaxDim);
  static const char* names[kMaxDim] = {"nx", "ny", "nz"};
  std::vector<GridAxis> axes;
  for (int a = 0; a < dim; ++a) {
    WPROX_REQUIRE(n[a] >= 2, InputError, names[a] << " = " << n[a] << " is too small: need " << names[a] << " >= 2");
    GridAxis ax = problem.axis(a);
    WPROX_REQUIRE(ax.hi > ax.lo, InputError,
                  "problem axis " << ax.name << " = [" << ax.lo << ", " << ax.hi << "] is empty");
    ax.n = n[a];
    axes.push_back(ax);
  }
  return TensorGrid(axes);
}

}  // namespace

HjGrid::HjGrid(const HjProblem& problem, const int* npts)
    : dim(problem.dim()), tensor(tensor_of(problem, npts)), size(tensor.size()) {
  points.resize(std::size_t(size * dim));
  for (int a = 0; a < dim; ++a) inv_h[a] = 1.0 / h(a);
  for (int a = 0; a < dim; ++a) {
    next[a].assign(std::size_t(size), -1);
    prev[a].assign(std::size_t(size), -1);
  }
  for (long idx = 0; idx < size; ++idx) {
    int c[kMaxDim] = {0, 0, 0};
    long r = idx;
    for (int a = dim - 1; a >= 0; --a) {
      c[a] = int(r % n(a));
      r /= n(a);
    }
    double* x = &points[std::size_t(idx * dim)];
    for (int a = 0; a < dim; ++a) x[a] = coordinate(a, c[a]);
    for (int a = 0; a < dim; ++a) {
      const bool periodic = axis(a).boundary == Boundary::Periodic;
      const long stride = tensor.stride(a);
      const long base = idx - long(c[a]) * stride;
      if (c[a] + 1 < n(a))
        next[a][std::size_t(idx)] = idx + stride;
      else if (periodic)
        next[a][std::size_t(idx)] = base;
      if (c[a] > 0)
        prev[a][std::size_t(idx)] = idx - stride;
      else if (periodic)
        prev[a][std::size_t(idx)] = base + long(n(a) - 1) * stride;
    }
  }
  model.resize(std::size_t(size));
  evaluate(problem, 0.0);
}

void HjGrid::evaluate(const HjProblem& problem, double t) {
  parallel_for(
      size,
      [&](long begin, long end) {
        for (long i = begin; i < end; ++i) model[std::size_t(i)] = local_model(problem, &points[std::size_t(i * dim)], t);
      },
      1024);
  model_time = t;
}

void HjGrid::set_time(const HjProblem& problem, double t) {
  if (problem.time_dependent() && t != model_time) evaluate(problem, t);
}

void HjGrid::forward_diff(int a, const double* u, double* out) const {
  const long* nx = next[a].data();
  const double inv = 1.0 / h(a);
  for (long i = 0; i < size; ++i) out[i] = nx[i] >= 0 ? (u[nx[i]] - u[i]) * inv : 0.0;
}

void HjGrid::backward_diff(int a, const double* u, double* out) const {
  const long* pv = prev[a].data();
  const double inv = 1.0 / h(a);
  for (long i = 0; i < size; ++i) out[i] = pv[i] >= 0 ? (u[i] - u[pv[i]]) * inv : 0.0;
}

// <w, D+ u> = sum_i w_i (u_next(i) - u_i) / h: point m receives w_prev(m) / h
// (if prev(m) has m as its next) and -w_m / h (if m has a next).
void HjGrid::add_forward_adjoint(int a, const double* w, double* out) const {
  const long* nx = next[a].data();
  const long* pv = prev[a].data();
  const double inv = 1.0 / h(a);
  for (long m = 0; m < size; ++m) {
    double v = 0.0;
    if (pv[m] >= 0) v += w[pv[m]];
    if (nx[m] >= 0) v -= w[m];
    out[m] += v * inv;
  }
}

// <w, D- u> = sum_i w_i (u_i - u_prev(i)) / h: point m receives w_m / h (if m
// has a prev) and -w_next(m) / h (if m has a next).
void HjGrid::add_backward_adjoint(int a, const double* w, double* out) const {
  const long* nx = next[a].data();
  const long* pv = prev[a].data();
  const double inv = 1.0 / h(a);
  for (long m = 0; m < size; ++m) {
    double v = 0.0;
    if (pv[m] >= 0) v += w[m];
    if (nx[m] >= 0) v -= w[nx[m]];
    out[m] += v * inv;
  }
}

void HjGrid::laplacian(const double* u, double* out) const { wprox::laplacian(tensor, u, out); }

}  // namespace wprox::pdhg_hj
