#pragma once
// mfc-bsde: the forward-backward SDE baseline (docs/mean-field-control.md §5)
// on the same problems with the same network, fit and budget as mfc-score.
// Each outer iteration simulates dX = -grad phi_theta dt + sqrt(2 nu) dW from a
// fresh sample of rho_0 (Euler-Maruyama), integrates
// dY = -(|Z|^2/2 + f) dt + sqrt(2 nu) Z . dW backward from g(X_T) with
// Z = grad phi_theta, and fits phi_theta to Y (fixed_point.hpp). Strong order 1/2.
#include <cstdint>

#include "fixed_point.hpp"
#include "score.hpp"

namespace wprox::mfc {

//   field             default    allowed              meaning
//   particles         1000       > dim, >= 8          paths per outer iteration
//   time_steps        50         1..100000            Euler-Maruyama steps on [0, T]
//   outer_iterations  30         >= 1                 sweep + fit rounds
//   bandwidth         silverman  silverman|scott|fixed  kernel bandwidth rule (log rho for f, entropy problems only)
//   bandwidth_scale   1.0        > 0                  multiplier of the rule (fixed: the bandwidth itself)
//   extrapolate       true       bool                 combine bandwidths h and sqrt(2) h to cancel the O(h^2) bias
//   balanced          true       bool                 rho_0 sample with its exact mean and covariance
//   fit.*             (fit.hpp)                       network and Adam
//   errors.*          (metrics.hpp)                   error evaluation points
struct BsdeMethodSettings {
  long particles = 1000;
  long time_steps = 50;
  long outer_iterations = 30;
  KernelScoreSettings kernel;
  bool balanced = true;
  FitSettings fit;
  ErrorSettings errors;
};

class BsdeMethod : public FixedPointMethod {
 public:
  // InputError on settings out of range. The problem must outlive the method.
  BsdeMethod(const MfcProblem& problem, const BsdeMethodSettings& s, std::uint64_t seed);
  const BsdeMethodSettings& settings() const { return s_; }

 protected:
  void sweep(long k, const ValueModel& phi, Paths& paths) override;

 private:
  BsdeMethodSettings s_;
};

}  // namespace wprox::mfc
