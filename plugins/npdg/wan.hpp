#pragma once
// wan: weak adversarial networks (Zang, Bao, Ye, Zhou, "Weak adversarial
// networks for high-dimensional partial differential equations", arXiv
// 1907.08272) in the form the NPDG paper compares with: the same weak form
// and test function phi = m N_eta as npdg, trained by Adam on both players,
//
//   phi: ascent on  log I^2 - log mean phi^2,
//   u:   descent on log I^2 + lambda mean_k (u - g)^2,
//   I(u, phi) = mean_j [a grad u . grad phi + (r(u) - f) phi],
//
// one phi step then one u step (against the updated phi) per iteration.
// Its gradients are the npdg ones without the Gram solves:
//   d log I^2 / d eta = (2/I) J_phi^T (w.u = (r - f)/n, w.grad = a grad u / n),
//   d log mean phi^2 / d eta = J_phi^T (2 phi / n) / mean phi^2,
//   d log I^2 / d theta = (2/I) J_u^T (w.u = r'(u) phi / n, w.grad = a grad phi / n).
//
// Diagnostics per step: rel_l2, rel_h1, weak_residual (|I| / sqrt(mean phi^2),
// at the updated phi), boundary_rms.
#include <cstdint>

#include <wprox/adam.hpp>

#include "test_function.hpp"
#include "trainer.hpp"

namespace wprox::npdg {

// | field           | default   | allowed         | meaning                                   |
// |-----------------|-----------|-----------------|-------------------------------------------|
// | solution, test  | 32x2 tanh | NetworkSettings | u_theta, N_eta                            |
// | sampling        | (trainer.hpp) | SamplingSettings |                                     |
// | iterations      | 5000      | [1, 1e7]        | steps the host takes (unused here)        |
// | lr_u, lr_phi    | 1e-3, 1e-3| (0, 1]          | Adam step sizes                           |
// | beta1, beta2    | 0.9, 0.99 | [0, 1)          | Adam moment decay rates (both players)    |
// | boundary_weight | 10        | (0, 1e6]        | lambda                                    |
struct WanSettings {
  NetworkSettings solution;
  NetworkSettings test;
  BoundaryFactor test_factor = BoundaryFactor::smooth;
  SamplingSettings sampling;
  long iterations = 5000;
  double lr_u = 1e-3, lr_phi = 1e-3;
  double beta1 = 0.9, beta2 = 0.99;
  double boundary_weight = 10.0;
};

void validate(const WanSettings& s);

class WanSolver : public Trainer {
 public:
  WanSolver(const EllipticProblem& p, const WanSettings& s, std::uint64_t seed);

  // RunError(k, ...) when I = 0 or the parameters become non-finite.
  void step(long k, Diagnostics& diag) override;
  std::string method() const override { return "wan"; }

  const TestFunction& test_function() const { return phi_; }
  const WanSettings& settings() const { return s_; }
  // Adds the test network and both players' Adam states.
  void save_state(StateWriter& w) const override;
  void load_state(const StateReader& r) override;

 private:
  static const WanSettings& checked(const WanSettings& s);
  WanSettings s_;
  TestFunction phi_;
  Adam adam_u_, adam_phi_;
};

}  // namespace wprox::npdg
