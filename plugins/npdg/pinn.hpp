#pragma once
// pinn-adam: the classical physics-informed baseline. Adam minimizes the
// strong-form residual on the interior points plus a boundary penalty,
//
//   loss(theta) = mean_j R(x_j)^2 + lambda mean_k (u - g)^2(y_k),
//   R = -div(a grad u) + r(u) - f = -a Lap u - grad a . grad u + r(u) - f,
//
// with the same network, points (schedule and seeds) and error measurement
// as npdg, so the two are compared at equal iterations or wall time. The
// gradient is one jet (u, grad u, Lap u) and one jet_vjp with the weights
// dloss/d(u, grad u, Lap u) = (2/n) R (r'(u), -grad a, -a).
//
// Diagnostics per step: rel_l2, rel_h1, loss, residual_rms (sqrt mean R^2),
// boundary_rms (sqrt mean (u - g)^2), all but the errors at the step's start.
#include <cstdint>

#include <wprox/adam.hpp>

#include "trainer.hpp"

namespace wprox::npdg {

// | field           | default   | allowed         | meaning                                      |
// |-----------------|-----------|-----------------|----------------------------------------------|
// | solution        | 32x2 tanh | NetworkSettings | u_theta                                      |
// | sampling        | (trainer.hpp) | SamplingSettings | points, resampling, error measurement  |
// | iterations      | 5000      | [1, 1e7]        | steps the host takes (unused here)           |
// | learning_rate   | 1e-3      | (0, 1]          | Adam step size                               |
// | beta1, beta2    | 0.9, 0.999| [0, 1)          | Adam moment decay rates                      |
// | boundary_weight | 10        | (0, 1e6]        | lambda                                       |
struct PinnSettings {
  NetworkSettings solution;
  SamplingSettings sampling;
  long iterations = 5000;
  double learning_rate = 1e-3;
  double beta1 = 0.9, beta2 = 0.999;
  double boundary_weight = 10.0;
};

void validate(const PinnSettings& s);

// The loss at u's jets (ju with the Laplacian at in.X, jb the values at
// bd.X) and the weights of its gradient: grad_theta loss = J_in^T w_in + J_bd^T w_bd.
struct PinnTerms {
  double loss = 0, residual_sq = 0, boundary_sq = 0;  // loss = residual_sq + lambda boundary_sq
  InputJet w_in, w_bd;
};
PinnTerms pinn_terms(const EllipticProblem& p, const InteriorData& in, const BoundaryData& bd, const InputJet& ju,
                     const InputJet& jb, double lambda);

class PinnAdam : public Trainer {
 public:
  // The same u_theta as NpdgSolver for the same seed and network settings.
  PinnAdam(const EllipticProblem& p, const PinnSettings& s, std::uint64_t seed);

  // RunError(k, ...) when the loss or the parameters become non-finite.
  void step(long k, Diagnostics& diag) override;
  std::string method() const override { return "pinn-adam"; }

  const Adam& optimizer() const { return adam_; }
  Adam& optimizer() { return adam_; }  // for checkpoints (Adam::set_state)
  const PinnSettings& settings() const { return s_; }
  // Adds Adam's moments and step count.
  void save_state(StateWriter& w) const override;
  void load_state(const StateReader& r) override;

 private:
  static const PinnSettings& checked(const PinnSettings& s);
  PinnSettings s_;
  Adam adam_;
};

}  // namespace wprox::npdg
