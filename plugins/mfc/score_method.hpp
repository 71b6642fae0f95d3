#pragma once
// mfc-score: forward-backward score dynamics (docs/mean-field-control.md §4).
// Each outer iteration draws a fresh sample of rho_0, moves it along the
// probability-flow characteristics x' = -grad phi_theta - nu s with the score s
// from the kernel estimate of the cloud or carried along the flow, integrates
// y' = -(|z|^2/2 + nu Laplace phi_theta + nu z . s + f) backward from g(x_T)
// (restarting from phi_theta itself `horizon` time units ahead, see paths.hpp),
// and fits phi_theta to y (fixed_point.hpp). Explicit Euler: O(dt) in time.
#include <cstdint>

#include "fixed_point.hpp"
#include "score.hpp"

namespace wprox::mfc {

//   field             default    allowed              meaning
//   particles         1000       > dim, >= 8          particles per outer iteration (fresh sample of rho_0 each time)
//   time_steps        50         1..100000            Euler steps on [0, T]
//   outer_iterations  30         >= 1                 sweep + fit rounds
//   score             kernel     kernel|flow          score estimate: kernel density estimate or flow along
//   trajectories bandwidth         silverman  silverman|scott|fixed  kernel bandwidth rule bandwidth_scale   1.0 > 0
//   multiplier of the rule (fixed: the bandwidth itself) extrapolate       true       bool                 combine
//   bandwidths h and sqrt(2) h to cancel the O(h^2) bias fd_step           1e-3       (0, 0.1]             flow score:
//   difference step for the second derivatives of phi_theta flow_drive        false      bool                 flow
//   score: keep phi_theta's 3rd/4th derivatives in H' (unstable, docs §4.2) horizon           0.1        > 0 time over
//   which y is integrated before restarting from phi_theta
//                                                     (>= T or nu = 0: the whole backward sweep from g(x_T); docs §4.3)
//   balanced          true       bool                 rho_0 sample with its exact mean and covariance
//   fit.*             (fit.hpp)                       network and Adam
//   errors.*          (metrics.hpp)                   error evaluation points
struct ScoreMethodSettings {
  long particles = 1000;
  long time_steps = 50;
  long outer_iterations = 30;
  ScoreSource score = ScoreSource::kernel;
  KernelScoreSettings kernel;  // bandwidth, bandwidth_scale, extrapolate
  double fd_step = 1e-3;
  bool flow_drive = false;
  double horizon = 0.1;
  bool balanced = true;
  FitSettings fit;
  ErrorSettings errors;
};

class ScoreMethod : public FixedPointMethod {
 public:
  // InputError on settings out of range. The problem must outlive the method.
  ScoreMethod(const MfcProblem& problem, const ScoreMethodSettings& s, std::uint64_t seed);
  const ScoreMethodSettings& settings() const { return s_; }

 protected:
  void sweep(long k, const ValueModel& phi, Paths& paths) override;

 private:
  ScoreMethodSettings s_;
};

}  // namespace wprox::mfc
