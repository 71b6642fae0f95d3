#include "metrics.hpp"

#include <cmath>

#include <wprox/errors.hpp>

namespace wprox::mfc {
namespace {

// ||a - b|| / ||b||, or the absolute error when the exact quantity vanishes.
template <class A, class B>
double relative(const A& a, const B& b) {
  const double nb = b.norm();
  return nb > 0 ? (a - b).norm() / nb : (a - b).norm();
}

}  // namespace

ErrorMeter::ErrorMeter(const MfcProblem& problem, const ErrorSettings& s) : d_(problem.dim()), per_time_(s.points) {
  const MfcSolution* sol = problem.solution();
  WPROX_REQUIRE(sol != nullptr, InputError,
                "mfc: problem '" << problem.name() << "' has no exact solution to compare with");
  WPROX_REQUIRE(s.points >= 1, InputError, "mfc: error_points = " << s.points << " is out of range; allowed: >= 1");
  WPROX_REQUIRE(s.times >= 1, InputError, "mfc: error_times = " << s.times << " is out of range; allowed: >= 1");
  const long n = s.points * (s.times + 1);
  points_.resize(d_ + 1, n);
  for (long j = 0; j <= s.times; ++j) {
    const double t = problem.horizon() * double(j) / double(s.times);
    const Particles X = sol->sample(t, s.points, {s.seed, stream_purpose("mfc.error_points")}, std::uint64_t(j));
    points_.block(0, j * s.points, 1, s.points).setConstant(t);
    points_.block(1, j * s.points, d_, s.points) = X.transpose();
  }
  SolutionValue(*sol, d_).eval(points_, exact_);
}

ValueErrors ErrorMeter::measure(const ValueModel& phi) const {
  ValueJet J;
  phi.eval(points_, J);
  ValueErrors e;
  // Eigen's serial reductions: the same bits for any thread count.
  e.phi = relative(J.u, exact_.u);
  e.grad = relative(J.grad, exact_.grad);
  e.lap = relative(J.lap, exact_.lap);
  e.p0_fit = J.lap.head(per_time_).sum() / double(per_time_ * d_);
  return e;
}

}  // namespace wprox::mfc
