#pragma once
// Error measures of a fitted phi against a problem's exact solution
// (docs/mean-field-control.md §6). Evaluation points: `points` exact samples
// of rho_t at each of the `times` + 1 grid times t_j = j T / times, drawn once
// from RandomStream(seed, "mfc.error_points", i, j) with a seed of their own (fixed across runs
// and methods, so every fit is scored on the same points). Over all of them:
//
//   err_phi  = ||phi_theta - phi|| / ||phi||
//   err_grad = ||grad phi_theta - grad phi|| / ||grad phi||      (Euclidean norm per point)
//   err_lap  = ||Laplace phi_theta - Laplace phi|| / ||Laplace phi||
//
// (discrete L^2(rho_t dt) norms; the absolute error where the exact norm is 0), and p0_fit = mean of Laplace
// phi_theta(0, x) / dim over the t = 0 points: the fit's estimate of E_{rho_0}[Laplace phi] / dim (p(0) for the
// Gaussian family).
#include <cstdint>

#include <wprox/data.hpp>

#include <wprox/kinds/mfc.hpp>
#include "value_model.hpp"

namespace wprox::mfc {

//   field    default  allowed  meaning
//   points   256      >= 1     exact samples of rho_t per grid time
//   times    20       >= 1     grid intervals on [0, T] (times + 1 grid times)
//   seed     20240117 any      seed of the evaluation points
struct ErrorSettings {
  long points = 256;
  long times = 20;
  std::uint64_t seed = 20240117;
};

struct ValueErrors {
  double phi = 0, grad = 0, lap = 0;
  double p0_fit = 0;
};

class ErrorMeter {
 public:
  // InputError when the problem has no exact solution or a setting is out of range.
  ErrorMeter(const MfcProblem& problem, const ErrorSettings& s);
  ValueErrors measure(const ValueModel& phi) const;
  const Matrix& points() const { return points_; }  // (1 + d) x n

 private:
  int d_;
  long per_time_;
  Matrix points_;
  ValueJet exact_;
};

}  // namespace wprox::mfc
