#include "hj_grid.hpp"

namespace wprox::pdhg_hj {

HjGrid::HjGrid(const HjProblem& problem, int nx, int ny) : dim(problem.dim()) {
  WPROX_REQUIRE(dim == 1 || dim == 2, InputError,
                "problem '" << problem.name() << "' has dimension " << dim << ", hj solvers take 1 or 2");
  WPROX_REQUIRE(nx >= 2, InputError, "nx = " << nx << " is too small: need nx >= 2");
  n[0] = nx;
  if (dim == 2) {
    WPROX_REQUIRE(ny >= 2, InputError, "ny = " << ny << " is too small: need ny >= 2");
    n[1] = ny;
  }
  size = long(n[0]) * n[1];
  for (int a = 0; a < dim; ++a) {
    axis[a] = problem.axis(a);
    WPROX_REQUIRE(axis[a].hi > axis[a].lo, InputError,
                  "problem axis " << axis[a].name << " = [" << axis[a].lo << ", " << axis[a].hi << "] is empty");
    h[a] = axis[a].length() / n[a];
  }
  points.resize(std::size_t(size * dim));
  model.resize(std::size_t(size * dim));
  for (int a = 0; a < dim; ++a) {
    next[a].assign(std::size_t(size), -1);
    prev[a].assign(std::size_t(size), -1);
  }
  const long stride[2] = {dim == 2 ? long(n[1]) : 1L, 1L};
  for (long idx = 0; idx < size; ++idx) {
    const int c[2] = {int(dim == 2 ? idx / n[1] : idx), int(dim == 2 ? idx % n[1] : 0)};
    double* x = &points[std::size_t(idx * dim)];
    for (int a = 0; a < dim; ++a) x[a] = coordinate(a, c[a]);
    for (int a = 0; a < dim; ++a) {
      model[std::size_t(idx * dim + a)] = local_model(problem, a, x);
      const bool periodic = axis[a].boundary == Boundary::Periodic;
      const long base = idx - long(c[a]) * stride[a];
      if (c[a] + 1 < n[a]) next[a][std::size_t(idx)] = idx + stride[a];
      else if (periodic) next[a][std::size_t(idx)] = base;
      if (c[a] > 0) prev[a][std::size_t(idx)] = idx - stride[a];
      else if (periodic) prev[a][std::size_t(idx)] = base + long(n[a] - 1) * stride[a];
    }
  }
}

std::vector<SpectralAxis> HjGrid::spectral_axes() const {
  std::vector<SpectralAxis> out;
  for (int a = 0; a < dim; ++a) out.push_back({n[a], h[a], axis[a].boundary});
  return out;
}

void HjGrid::forward_diff(int a, const double* u, double* out) const {
  const long* nx = next[a].data();
  const double inv = 1.0 / h[a];
  for (long i = 0; i < size; ++i) out[i] = nx[i] >= 0 ? (u[nx[i]] - u[i]) * inv : 0.0;
}

void HjGrid::backward_diff(int a, const double* u, double* out) const {
  const long* pv = prev[a].data();
  const double inv = 1.0 / h[a];
  for (long i = 0; i < size; ++i) out[i] = pv[i] >= 0 ? (u[i] - u[pv[i]]) * inv : 0.0;
}

// <w, D+ u> = sum_i w_i (u_next(i) - u_i) / h: point m receives w_prev(m) / h
// (if prev(m) has m as its next) and -w_m / h (if m has a next).
void HjGrid::add_forward_adjoint(int a, const double* w, double* out) const {
  const long* nx = next[a].data();
  const long* pv = prev[a].data();
  const double inv = 1.0 / h[a];
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
  const double inv = 1.0 / h[a];
  for (long m = 0; m < size; ++m) {
    double v = 0.0;
    if (pv[m] >= 0) v += w[m];
    if (nx[m] >= 0) v -= w[nx[m]];
    out[m] += v * inv;
  }
}

void HjGrid::laplacian(const double* u, double* out) const {
  for (long i = 0; i < size; ++i) out[i] = 0.0;
  for (int a = 0; a < dim; ++a) {
    const long* nx = next[a].data();
    const long* pv = prev[a].data();
    const double inv2 = 1.0 / (h[a] * h[a]);
    for (long i = 0; i < size; ++i) {
      const double up = nx[i] >= 0 ? u[nx[i]] : u[i];
      const double dn = pv[i] >= 0 ? u[pv[i]] : u[i];
      out[i] += (up - 2.0 * u[i] + dn) * inv2;
    }
  }
}

}  // namespace wprox::pdhg_hj
