#include <cmath>

#include <wprox/errors.hpp>

#include "bsde_method.hpp"
#include "score_method.hpp"

namespace wprox::mfc {
namespace {

void check_common(const MfcProblem& problem, long particles, long time_steps, const KernelScoreSettings& kernel) {
  WPROX_REQUIRE(particles >= 8 && particles > problem.dim(), InputError,
                "mfc: particles = " << particles << " is out of range; allowed: >= 8 and > dim = " << problem.dim());
  WPROX_REQUIRE(time_steps >= 1 && time_steps <= 100000, InputError,
                "mfc: time_steps = " << time_steps << " is out of range; allowed: 1..100000");
  WPROX_REQUIRE(kernel.scale > 0 && std::isfinite(kernel.scale), InputError,
                "mfc: bandwidth_scale = " << kernel.scale << " is out of range; allowed: > 0");
  WPROX_REQUIRE(problem.dim() <= 16, InputError, "mfc: dim = " << problem.dim() << " is out of range; allowed: 1..16");
}

}  // namespace

ScoreMethod::ScoreMethod(const MfcProblem& problem, const ScoreMethodSettings& s, std::uint64_t seed)
    : FixedPointMethod(problem, s.fit, s.errors, s.outer_iterations, seed), s_(s) {
  check_common(problem, s.particles, s.time_steps, s.kernel);
  WPROX_REQUIRE(s.fd_step > 0 && s.fd_step <= 0.1, InputError,
                "mfc: fd_step = " << s.fd_step << " is out of range; allowed: (0, 0.1]");
  WPROX_REQUIRE(s.horizon > 0 && !std::isnan(s.horizon), InputError,
                "mfc: horizon = " << s.horizon << " is out of range; allowed: > 0");
}

void ScoreMethod::sweep(long k, const ValueModel& phi, Paths& paths) {
  const Particles x0 = problem_.sample_initial(s_.particles, {seed_, kInitialSample}, std::uint64_t(k), s_.balanced);
  ScorePathSettings ps;
  ps.steps = s_.time_steps;
  ps.score = s_.score;
  ps.kernel = s_.kernel;
  ps.fd_step = s_.fd_step;
  ps.flow_drive = s_.flow_drive;
  // The horizon in whole steps, at least one; a horizon >= T is the full
  // sweep, and so is nu = 0, where the term the restart tames is absent.
  const double dt = problem_.horizon() / double(s_.time_steps);
  const bool full = s_.horizon >= problem_.horizon() || problem_.noise() == 0;
  ps.horizon = full ? 0 : std::max(1L, std::lround(s_.horizon / dt));
  score_paths(problem_, phi, x0, ps, paths);
}

BsdeMethod::BsdeMethod(const MfcProblem& problem, const BsdeMethodSettings& s, std::uint64_t seed)
    : FixedPointMethod(problem, s.fit, s.errors, s.outer_iterations, seed), s_(s) {
  check_common(problem, s.particles, s.time_steps, s.kernel);
}

void BsdeMethod::sweep(long k, const ValueModel& phi, Paths& paths) {
  const Particles x0 = problem_.sample_initial(s_.particles, {seed_, kInitialSample}, std::uint64_t(k), s_.balanced);
  bsde_paths(problem_, phi, x0, s_.time_steps, s_.kernel, seed_, k, paths);
}

}  // namespace wprox::mfc
