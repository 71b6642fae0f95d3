#include "grid_ops.hpp"

#include <wprox/parallel.hpp>

namespace rd {
namespace {

struct Neighbours {
  int n;
  bool periodic;
  int next(int i) const { return i + 1 < n ? i + 1 : (periodic ? 0 : n - 1); }
  int prev(int i) const { return i > 0 ? i - 1 : (periodic ? n - 1 : 0); }
};

}  // namespace

void div_coef_grad(const wprox::TensorGrid& g, const double* sx, const double* sy, const double* u, double* out) {
  const int n = g.n();
  const double inv_h2 = 1.0 / (g.h() * g.h());
  const Neighbours nb{n, g.boundary() == wprox::Boundary::Periodic};
  wprox::parallel_for(
      n,
      [&](long b, long e) {
        for (long i = b; i < e; ++i) {
          const long ip = nb.next(int(i)), im = nb.prev(int(i));
          for (int j = 0; j < n; ++j) {
            const int jp = nb.next(j), jm = nb.prev(j);
            const long c = i * n + j;
            const double uc = u[c];
            // On a Neumann edge the reflected neighbour equals uc, so the face
            // term vanishes whatever coefficient is read.
            const double flux = sx[c] * (u[ip * n + j] - uc) - sx[im * n + j] * (uc - u[im * n + j]) +
                                sy[c] * (u[i * n + jp] - uc) - sy[i * n + jm] * (uc - u[i * n + jm]);
            out[c] = flux * inv_h2;
          }
        }
      },
      8);
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
