#pragma once
// Scores of heat-smoothed densities and the reverse-time dynamics of a
// score-based generative model (docs/generative.md).
//
// The forward SDE dX = beta dW on [0, T] smooths the data density pi into
// eta(., tau) = G_tau * pi (G_tau: the heat kernel of variance beta^2 tau).
// Generation runs the reverse time t = T - tau from tau = T down to tau = eps
// with the score s(y, t) = beta^2 grad log eta(y, T - t):
//   reverse SDE            dY = s dt + beta dW,
//   probability-flow ODE   dY/dt = s / 2      (same marginals).
// Everything here works with the scaled score tau * s, which stays bounded
// as tau -> 0 where s itself blows up like 1/tau.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <wprox/sdk.hpp>

#include "kernel_model.hpp"

namespace wprox::sgm {

class ScaledScore {
 public:
  virtual ~ScaledScore() = default;
  virtual int dim() const = 0;
  // out (resized to Y's shape) = beta^2 tau grad log eta(y, tau) for every row y of Y.
  virtual void eval(const Particles& Y, double tau, Particles& out) const = 0;
  // count exact samples of eta(., tau); sample k uses RandomStream(key, k).
  virtual Particles sample(long count, double tau, StreamKey key) const = 0;
};

// pi = the empirical measure of the training points Z: tau s = m(y) - y with
// m(y) = sum_i w_i Z_i, w = softmax_i(-|y - Z_i|^2 / (2 beta^2 tau)), the
// engine's softmax_kernel_sum.
class EmpiricalScore : public ScaledScore {
 public:
  EmpiricalScore(Particles train, double beta) : Z_(std::move(train)), beta_(beta) {}
  int dim() const override { return int(Z_.cols()); }
  void eval(const Particles& Y, double tau, Particles& out) const override;
  Particles sample(long count, double tau, StreamKey key) const override;

 private:
  Particles Z_;
  double beta_;
};

// pi = a kernel model: the heat flow keeps it a Gaussian mixture with
// Gamma_tau = (Gamma^{-1} + beta^2 tau I)^{-1} (computed from an eigen
// decomposition of each Gamma_i, made once).
class MixtureScore : public ScaledScore {
 public:
  MixtureScore(const KernelModel& m, double beta);
  int dim() const override { return model_.dim(); }
  void eval(const Particles& Y, double tau, Particles& out) const override;
  Particles sample(long count, double tau, StreamKey key) const override;
  KernelModel at(double tau) const;  // the smoothed mixture eta(., tau)

 private:
  KernelModel model_;
  double beta_;
  std::vector<Matrix> vectors_;
  std::vector<Vector> values_;
};

// Settings of the reverse dynamics shared by both methods.
struct ReverseSettings {
  double beta = 1, T = 1, eps = 1e-3;
  bool sde = false;
  bool log_clock = true;  // ODE variable u = log(T / tau) instead of t
  long segments = 10;     // run steps; segment ends are geometric in tau
  long ode_steps = 50;    // fixed-step schemes: steps per segment
  long sde_steps = 50;    // Euler-Maruyama steps per segment (geometric in tau)
  std::string integrator = "cvode";
  double rtol = 1e-6, atol = 1e-9;
};
// The user's side: beta, T, eps, segments, integrator, ode_steps, sde_steps,
// rtol, atol, clock; the schema checks that eps lies in (0, T).
struct ReverseOptions {
  double beta = 1, T = 1, eps = 1e-3, rtol = 1e-6, atol = 1e-9;
  long segments = 10, ode_steps = 50, sde_steps = 50;
  std::string integrator = "cvode", clock = "log";
};
SettingsSchema<ReverseOptions> reverse_schema();
ReverseSettings reverse_settings(const ReverseOptions& o, bool sde);

// The probability-flow ODE of a score as a VectorField on the flat M x d
// sample buffer. Linear clock: t in [0, T - eps], dY/dt = (tau s) / (2 tau),
// tau = T - t. Log clock: u = log(T / tau), dY/du = tau dY/dt = (tau s) / 2,
// bounded for the empirical score where dY/dt is not.
class ProbabilityFlow : public VectorField {
 public:
  ProbabilityFlow(const ScaledScore& s, long rows, double T, bool log_clock);
  long size() const override { return Y_.size(); }
  void rhs(double t, const double* y, double* dydt) override;
  double tau(double t) const { return log_clock_ ? T_ * std::exp(-t) : T_ - t; }
  double clock(double tau) const { return log_clock_ ? std::log(T_ / tau) : T_ - tau; }

 private:
  const ScaledScore& s_;
  double T_;
  bool log_clock_;
  Particles Y_, out_;
};

// Runs the reverse dynamics segment by segment: tau_k = T (eps/T)^{k/K}.
class ReverseSampler {
 public:
  ReverseSampler(const ScaledScore& s, ReverseSettings r, std::uint64_t seed);
  // count exact samples of eta(., T) (purpose "sgm.reverse.start").
  Particles initial(long count) const { return s_.sample(count, r_.T, {seed_, stream_purpose("sgm.reverse.start")}); }
  double tau_at(long k) const;
  // Segment k (1-based): moves Y from tau_{k-1} to tau_k. Throws RunError(k, ...)
  // when the integrator fails or a sample becomes non-finite. Y's rows are
  // samples first, first + 1, ... (a rank's share): the reverse SDE's noise
  // and the messages use that global index.
  void advance(long k, Particles& Y, long first = 0);
  // True when every sample moves on its own (the reverse SDE, fixed-step
  // ODE schemes), so that ranks may move their shares apart with the same
  // bits; adaptive integrators choose steps from a norm over all samples.
  bool samples_independent() const { return r_.sde || r_.integrator == "rk4" || r_.integrator == "euler"; }
  long rhs_evals() const { return evals_; }
  void set_rhs_evals(long n) { evals_ = n; }  // a run restored from a checkpoint
  const ReverseSettings& settings() const { return r_; }

 private:
  void sde_segment(long k, Particles& Y, long first);
  const ScaledScore& s_;
  ReverseSettings r_;
  std::uint64_t seed_;
  std::unique_ptr<Integrator> integrator_;
  long evals_ = 0;
};

}  // namespace wprox::sgm
