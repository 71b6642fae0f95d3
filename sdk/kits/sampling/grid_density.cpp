// Grid densities for 2-D diagnostics: the target normalized on a grid, a
// particle histogram by linear binning, and a separable Gaussian blur.
#include <algorithm>
#include <cmath>

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"
#include "wprox/sampling.hpp"

namespace wprox {

GridDensity target_grid_density(const TargetProblem& t, double beta, long n) {
  auto box = t.box();
  WPROX_REQUIRE(box && t.dim() == 2, std::logic_error, "grid densities need a 2-D target with a box");
  GridDensity g;
  g.n = n;
  g.x0 = box->lo[0], g.x1 = box->hi[0], g.y0 = box->lo[1], g.y1 = box->hi[1];
  g.p.resize(std::size_t(n * n));
  const double dx = (g.x1 - g.x0) / n, dy = (g.y1 - g.y0) / n;
  Particles cells(n * n, 2);
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < n; ++i) {
      cells(j * n + i, 0) = g.x0 + (i + 0.5) * dx;
      cells(j * n + i, 1) = g.y0 + (j + 0.5) * dy;
    }
  Vector v;
  evaluate(t.potential(), cells, &v, nullptr);
  for (long c = 0; c < n * n; ++c) g.p[c] = -beta * v[c];
  const double mx = *std::max_element(g.p.begin(), g.p.end());
  double s = 0;
  for (double& v : g.p) s += (v = std::exp(v - mx));
  for (double& v : g.p) v /= s;
  return g;
}

namespace {

void blur_axis(std::vector<double>& a, long n, double sigma_cells, bool along_x) {
  if (!(sigma_cells >= 1e-3)) return;
  const long r = std::max<long>(1, long(std::ceil(4 * sigma_cells)));
  std::vector<double> w(2 * r + 1);
  for (long k = -r; k <= r; ++k) w[k + r] = std::exp(-0.5 * (k / sigma_cells) * (k / sigma_cells));
  std::vector<double> out(a.size(), 0.0);
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < n; ++i) {
      const double v = a[j * n + i];
      if (v == 0) continue;
      for (long k = -r; k <= r; ++k) {
        const long ii = along_x ? i + k : i, jj = along_x ? j : j + k;
        if (ii < 0 || ii >= n || jj < 0 || jj >= n) continue;
        out[jj * n + ii] += v * w[k + r];
      }
    }
  a.swap(out);
}

}  // namespace

GridDensity particle_grid_density(const Particles& X, const GridDensity& like) {
  GridDensity g = like;
  const long n = g.n;
  std::fill(g.p.begin(), g.p.end(), 0.0);
  const double dx = (g.x1 - g.x0) / n, dy = (g.y1 - g.y0) / n;
  for (long k = 0; k < X.rows(); ++k) {
    // Linear binning onto cell centres.
    const double u = (X(k, 0) - g.x0) / dx - 0.5, v = (X(k, 1) - g.y0) / dy - 0.5;
    const long i = long(std::floor(u)), j = long(std::floor(v));
    const double fu = u - i, fv = v - j;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b) {
        const long ii = i + a, jj = j + b;
        if (ii < 0 || ii >= n || jj < 0 || jj >= n) continue;
        g.p[jj * n + ii] += (a ? fu : 1 - fu) * (b ? fv : 1 - fv);
      }
  }
  double s = 0;
  for (double v : g.p) s += v;
  if (s > 0)
    for (double& v : g.p) v /= s;
  return g;
}

GridDensity smooth_grid_density(const GridDensity& g, double sigma_cells) {
  GridDensity out = g;
  blur_axis(out.p, out.n, sigma_cells, true);
  blur_axis(out.p, out.n, sigma_cells, false);
  double s = 0;
  for (double v : out.p) s += v;
  if (s > 0)
    for (double& v : out.p) v /= s;
  return out;
}

double grid_kl(const GridDensity& p, const GridDensity& q) {
  double kl = 0;
  for (std::size_t k = 0; k < p.p.size(); ++k)
    if (p.p[k] > 0) kl += p.p[k] * std::log(p.p[k] / std::max(q.p[k], 1e-300));
  return kl;
}

double grid_tv(const GridDensity& p, const GridDensity& q) {
  double tv = 0;
  for (std::size_t k = 0; k < p.p.size(); ++k) tv += std::fabs(p.p[k] - q.p[k]);
  return 0.5 * tv;
}

}  // namespace wprox
