#pragma once
// Running the two methods for the mfc tests, and the tolerances every
// comparison with the Gaussian lq problem shares (derivations in
// docs/mean-field-control.md §7).
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "bsde_method.hpp"
#include "gaussian_mfc.hpp"
#include "mfc_reference.hpp"
#include "score_method.hpp"
#include "testing.hpp"

namespace mfc_test {

using namespace wprox;
using namespace wprox::mfc;

struct RunRecord {
  std::vector<Diagnostics> trace;  // one per outer iteration
  ValueErrors first, last;         // errors after the first and the last outer iteration
  double sT_particles = 0;
  double seconds = 0;
};

inline RunRecord run(FixedPointMethod& m) {
  RunRecord r;
  const auto t0 = std::chrono::steady_clock::now();
  for (long k = 1; k <= m.outer_iterations(); ++k) {
    Diagnostics d;
    m.step(k, d);
    r.trace.push_back(d);
    if (k == 1) r.first = m.errors();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.last = m.errors();
  r.sT_particles = m.sT_particles();
  return r;
}

// The particle variance at T of a sweep with the exact phi plugged in, from
// the very sample the method used in its last outer iteration: the estimate
// the method's particles approach when grad phi_theta is exact (it carries the
// score estimator's bias and the Euler bias, nothing from the network).
inline double exact_phi_variance_T(const GaussianMfc& P, const ScoreMethod& m, std::uint64_t seed) {
  const ScoreMethodSettings& s = m.settings();
  const Particles x0 =
      P.sample_initial(s.particles, {seed, kInitialSample}, std::uint64_t(s.outer_iterations), s.balanced);
  ScorePathSettings ps;
  ps.steps = s.time_steps;
  ps.score = s.score;
  ps.kernel = s.kernel;
  Paths paths;
  score_paths(P, SolutionValue(P, P.dim()), x0, ps, paths);
  const Particles& XT = paths.x.back();
  const Eigen::RowVectorXd mean = XT.colwise().mean();
  return (XT.rowwise() - mean).squaredNorm() / double(XT.size());
}

// How far the particles' variance at T can move when grad phi_theta is off by
// a relative err_grad: along x' = -(p + delta p) x + ..., log s(T) moves by
// 2 int delta p dt <= 2 T max p err_grad (the error taken as a relative
// error of the slope p, its L2 size in time bounded by its maximum).
inline double variance_from_grad_error(const GaussianProfile& g, double err_grad) {
  double pmax = 0;
  for (int i = 0; i <= 100; ++i) pmax = std::max(pmax, std::abs(g.p(g.params().T * i / 100.0)));
  return 2 * g.params().T * pmax * err_grad * g.s(g.params().T);
}

}  // namespace mfc_test
