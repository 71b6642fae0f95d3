#include "grid_ops.hpp"

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

namespace rd {
namespace {

struct Neighbours {
  long n;
  bool periodic;
  long next(long i) const { return i + 1 < n ? i + 1 : (periodic ? 0 : n - 1); }
  long prev(long i) const { return i > 0 ? i - 1 : (periodic ? n - 1 : 0); }
};

}  // namespace

GridRows::GridRows(const wprox::TensorGrid& g) {
  WPROX_REQUIRE(g.dim() == 2 && g.h(0) == g.h(1), wprox::InputError,
                "reaction-diffusion models need a 2-D grid with equal spacing on both axes");
  rows = g.n(0);
  cols = g.n(1);
  periodic_rows = g.boundary(0) == wprox::Boundary::Periodic;
  periodic_cols = g.boundary(1) == wprox::Boundary::Periodic;
  inv_h2 = 1.0 / (g.h(0) * g.h(0));
}

void div_coef_grad_row(const GridRows& g, const double* sx, const double* sy, const double* u, long i, double* out) {
  const long n = g.cols;
  const Neighbours rows{g.rows, g.periodic_rows}, cols{n, g.periodic_cols};
  const long ip = rows.next(i), im = rows.prev(i);
  const double* up = u + im * n;
  const double* mid = u + i * n;
  const double* down = u + ip * n;
  const double* sx_mid = sx + i * n;
  const double* sx_up = sx + im * n;
  const double* sy_mid = sy + i * n;
  // On a Neumann edge the reflected neighbour equals the cell's own value, so
  // the face term vanishes whatever coefficient is read.
  auto cell = [&](long j, long jm, long jp) {
    const double uc = mid[j];
    const double flux =
        sx_mid[j] * (down[j] - uc) - sx_up[j] * (uc - up[j]) + sy_mid[j] * (mid[jp] - uc) - sy_mid[jm] * (uc - mid[jm]);
    out[j] = flux * g.inv_h2;
  };
  cell(0, cols.prev(0), cols.next(0));
  for (long j = 1; j < n - 1; ++j) cell(j, j - 1, j + 1);
  cell(n - 1, cols.prev(n - 1), cols.next(n - 1));
}

double face_gradient_sq(const wprox::TensorGrid& g, const double* sx, const double* sy, const double* u) {
  const int n = g.n();
  const double inv_h2 = 1.0 / (g.h() * g.h());
  const Neighbours nb{n, g.boundary() == wprox::Boundary::Periodic};
  return wprox::deterministic_sum(n, [&](long i) {
    const long ip = nb.next(int(i));
    double row = 0.0;
    for (int j = 0; j < n; ++j) {
      const long c = i * n + j;
      const double dx = u[ip * n + j] - u[c];
      const double dy = u[i * n + nb.next(j)] - u[c];
      row += (sx ? sx[c] : 1.0) * dx * dx + (sy ? sy[c] : 1.0) * dy * dy;
    }
    return row * inv_h2;
  });
}

}  // namespace rd
