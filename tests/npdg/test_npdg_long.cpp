// Long tests (ctest label "long"): npdg reaches 1e-2 relative L2 error on
// elliptic-nd in 5 and 20 dimensions; pinn-adam gets the same network, the
// same points and the same wall time, and its error is recorded (a
// comparison, not a claim about PINNs).
//
// Why 1e-2 is reachable (docs/neural-pde.md): in function space a step
// contracts the error by 1 - tau_u = 0.6 (defaults), so the iteration
// count is set by the networks' tangent-space projections and by the
// quadrature noise of the resampled points, whose stationary level
// sqrt(tau_u / 2) sigma was measured at 4e-3 (d = 5, 2000 scrambled-Halton
// points, after 150 steps) and 8.6e-3 (d = 20, after 80 steps).
// Measured on 2 shared cores: d = 5 reaches 1e-2 in about 32 steps
// (~15 s); d = 20 in about 66 steps (~10 min, of which MINRES is most).
// The step limits below leave a margin of about 2x in steps.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "cosine_problem.hpp"
#include "npdg.hpp"
#include "pinn.hpp"

using namespace wprox;
using namespace wprox::npdg;

namespace {

struct Reached {
  long steps = -1;  // first step with rel_l2 <= target (-1: not reached)
  double seconds = 0, rel_l2 = 1, rel_h1 = 1;
};

// Steps until rel_l2 <= target or max_steps; wall time of the steps only.
Reached train_until(Trainer& t, double target, long max_steps) {
  Reached r;
  Diagnostics d;
  const auto t0 = std::chrono::steady_clock::now();
  for (long k = 1; k <= max_steps; ++k) {
    d.clear();
    t.step(k, d);
    r.rel_l2 = d.get("rel_l2");
    r.rel_h1 = d.get("rel_h1");
    if (r.rel_l2 <= target) {
      r.steps = k;
      break;
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// pinn-adam for `seconds` of wall time: its errors at the end.
Reached train_for(Trainer& t, double seconds) {
  Reached r;
  Diagnostics d;
  const auto t0 = std::chrono::steady_clock::now();
  long k = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds) {
    d.clear();
    t.step(++k, d);
  }
  r.steps = k;
  r.seconds = seconds;
  r.rel_l2 = d.get("rel_l2");
  r.rel_h1 = d.get("rel_h1");
  return r;
}

void compare(int dim, long boundary_points, long max_steps) {
  CosineSettings cs = elliptic_nd_defaults();
  cs.dim = dim;
  const auto p = make_elliptic_nd(cs);
  NpdgSettings s;
  s.sampling.boundary_points = boundary_points;
  NpdgSolver npdg(*p, s, 1);
  const Reached n = train_until(npdg, 1e-2, max_steps);
  // Printed as well as logged: the measurement is the point of this test
  // (ctest -L long -V shows it).
  std::printf("npdg, elliptic-nd d = %d: rel_l2 %.4g (rel_h1 %.4g) at step %ld after %.1f s; MINRES iterations %ld (u) + %ld (phi)\n",
              dim, n.rel_l2, n.rel_h1, n.steps, n.seconds, npdg.minres_iterations_u(), npdg.minres_iterations_phi());
  CHECK(n.steps > 0);

  PinnSettings ps;
  ps.sampling = s.sampling;
  PinnAdam pinn(*p, ps, 1);
  const Reached q = train_for(pinn, n.seconds);
  std::printf("pinn-adam, same network, points and wall time (%.1f s, %ld steps): rel_l2 %.4g, rel_h1 %.4g\n",
              q.seconds, q.steps, q.rel_l2, q.rel_h1);
  std::fflush(stdout);
}

}  // namespace

TEST_CASE("npdg reaches 1e-2 relative L2 error on elliptic-nd, d = 5 (pinn-adam at equal wall time)") {
  compare(5, 0, 80);
}

TEST_CASE("npdg reaches 1e-2 relative L2 error on elliptic-nd, d = 20 (pinn-adam at equal wall time)") {
  // 20 d = 400 boundary points instead of the default 40 d: the boundary
  // jets carry the gradient (H^1 penalty) and would cost as much as the
  // interior; 400 points gave the measured run above.
  compare(20, 400, 130);
}
